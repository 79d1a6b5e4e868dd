package pdf

import "github.com/kartograf-ru/kartograf/pkg/render/view"

// A wide table or plan the template puts on landscape pages (view.Block.
// Landscape) starts on a page turned to landscape, continues on turned
// pages, and the block after it starts on a page of the template's size
// again. The margins keep their sides; page numbers stay at the top centre.

// walk lays out the blocks, turning the pages where a block asks for it.
// A document without such blocks is laid out exactly as before.
func (l *layout) walk(blocks []view.Block) error {
	for i := range blocks {
		if err := l.ctx.Err(); err != nil {
			return err
		}
		l.orient(blocks[i].Landscape(), true)
		l.block++
		if err := view.Walk(l.ctx, blocks[i:i+1], l); err != nil {
			return err
		}
	}
	return nil
}

// orient sets the geometry for landscape (turned) or template pages. With
// turn, a page that already holds something is followed by a new page of
// that orientation; an empty one is turned itself. Without turn only the
// geometry changes (the layout is done).
func (l *layout) orient(landscape, turn bool) {
	if landscape == l.landscape {
		return
	}
	fresh := l.fresh()
	l.landscape = landscape
	w, h := l.m.PageSizeMM()
	if landscape {
		w, h = max(w, h), min(w, h)
	}
	mg := l.m.Page.Margins
	l.pageW, l.pageH = w*mm, h*mm
	l.right, l.bottom = (w-mg.Right)*mm, (h-mg.Bottom)*mm
	if !turn {
		return
	}
	if fresh {
		l.cur.w, l.cur.h = l.pageW, l.pageH
		return
	}
	l.newPage()
}
