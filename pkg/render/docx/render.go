package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
	"sync"
	"text/template"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
	"github.com/kartograf-ru/kartograf/internal/zipx"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/templates"
)

// ErrNoDocx is returned for a template version that has no DOCX template.
var ErrNoDocx = errors.New("у версии шаблона нет шаблона DOCX")

// Renderer fills DOCX templates. It compiles each template version once
// and is safe for concurrent use.
type Renderer struct {
	mu    sync.Mutex
	cache map[string]*compiled // by template version hash
}

// NewRenderer returns a renderer with an empty template cache.
func NewRenderer() *Renderer { return &Renderer{cache: map[string]*compiled{}} }

type part struct {
	name    string
	dynamic bool
	// raw is a static part, deflated once at compile time at the best
	// level: it is written into every render as it is.
	raw zipx.Raw
}

// compiled is one template version ready to execute.
type compiled struct {
	ref       string
	parts     []part
	tmpl      *template.Template
	ctxs      []pctx
	fused     []fusedCells // repeated cells written in one call (fuse.go)
	rows      []fusedRows  // row ranges written in one call (fuserows.go)
	lists     templates.ListStyles
	numbering string // the numbering part, filled with the render's lists
	numSrc    string
	numBase   int
	numCache  numCache // numbering.xml deflated, by its lists (numcache.go)
	// pkgParts are the sources of the package parts a render may extend
	// (relationships and content types, for the QR code's picture).
	pkgParts map[string][]byte
	// chartFont is the document's default typeface, for charts' texts.
	chartFont string
	// defaultLevels are the default bullet's levels, which a bullet the
	// template does not map borrows.
	defaultLevels [maxLevels]numLevel
}

var (
	numIDRE    = lazyre.New(`<w:num\s+w:numId="(\d+)"`)
	abstractRE = lazyre.New(`<w:abstractNum\s+w:abstractNumId="(\d+)"`)
)

// Compile parses a template version's DOCX (or returns the cached one).
func (r *Renderer) Compile(v *templates.Version) (*compiled, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if c, ok := r.cache[v.Hash]; ok {
		return c, nil
	}
	c, err := compile(v)
	if err != nil {
		return nil, fmt.Errorf("шаблон DOCX %s: %w", v.Ref(), err)
	}
	r.cache[v.Hash] = c
	return c, nil
}

func compile(v *templates.Version) (*compiled, error) { return compileWith(v, true) }

// compileWith is compile, with the repeated cells (fuse.go) and row
// ranges (fuserows.go) fused or not.
func compileWith(v *templates.Version, fuse bool) (*compiled, error) {
	return compileFused(v, fuse, fuse)
}

// compileFused is compile with the cells and the row ranges fused or not
// each: row ranges fuse only over fused cells.
func compileFused(v *templates.Version, fuse, fuseRows bool) (*compiled, error) {
	ds := v.Manifest.Docx
	if ds == nil {
		return nil, ErrNoDocx
	}
	root, err := fs.Sub(v.Files, ds.Dir)
	if err != nil {
		return nil, err
	}
	names, err := partNames(root)
	if err != nil {
		return nil, err
	}
	c := &compiled{ref: v.Ref(), lists: ds.Lists}
	funcs := template.FuncMap{"kx": kx, "kxp": c.kxp, "kxs": kxs, "kxw": kxw, "kxspan": kxspan, "kxrow": kxrow, "kxspanw": kxspanw, "kxkeep": kxkeep, "kxhrows": kxhrows, "kxmerge": kxmerge, "kxvalign": kxvalign, "kxcells": c.kxcells, "kxrows": c.kxrows}
	c.tmpl = template.New("").Delims(lDelim, rDelim).Funcs(funcs).Option("missingkey=error")
	types, err := fs.ReadFile(root, "[Content_Types].xml")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		data, err := fs.ReadFile(root, name)
		if err != nil {
			return nil, err
		}
		if err := wellFormed(name, data); err != nil {
			return nil, err
		}
		if name != "[Content_Types].xml" && !coveredByTypes(string(types), name) {
			return nil, fmt.Errorf("[Content_Types].xml не описывает часть %s", name)
		}
		data = polishPart(name, data)
		if v.Manifest.Optimal() {
			data = polishOptimal(name, data)
		}
		src := string(data)
		p := part{name: name}
		switch {
		case name == "word/numbering.xml":
			c.numbering, c.numSrc = name, src
			for _, m := range numIDRE.FindAllStringSubmatch(src, -1) {
				n, _ := strconv.Atoi(m[1])
				c.numBase = max(c.numBase, n)
			}
			have := map[int]bool{}
			for _, m := range abstractRE.FindAllStringSubmatch(src, -1) {
				n, _ := strconv.Atoi(m[1])
				have[n] = true
			}
			ids := []int{ds.Lists.Ordered, ds.Lists.Default}
			for _, id := range ds.Lists.Bullets {
				ids = append(ids, id)
			}
			for _, id := range ids {
				if !have[id] {
					return nil, fmt.Errorf("%s: нет w:abstractNum %d, указанного в manifest.json docx.lists", name, id)
				}
			}
			c.defaultLevels = abstractLevels(src, ds.Lists.Default)
			p.dynamic = true
		case strings.Contains(src, "{{"):
			var tsrc string
			if strings.HasPrefix(name, "word/") {
				fused := &c.fused
				if !fuse {
					fused = nil
				}
				tsrc, err = compileWordPart(name, src, &c.ctxs, fused)
				if err == nil && fuse && fuseRows {
					tsrc = c.fuseRows(tsrc)
				}
			} else {
				tsrc, err = compileTextPart(name, src)
			}
			if err != nil {
				return nil, err
			}
			if _, err := c.tmpl.New(name).Parse(tsrc); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			p.dynamic = true
		default:
			if name == "[Content_Types].xml" || name == "word/_rels/document.xml.rels" {
				if c.pkgParts == nil {
					c.pkgParts = map[string][]byte{}
				}
				c.pkgParts[name] = data
			}
			if p.raw, err = zipx.Compress(context.Background(), data, flate.BestCompression); err != nil {
				return nil, err
			}
		}
		c.parts = append(c.parts, p)
	}
	styles, _ := fs.ReadFile(root, "word/styles.xml")
	parseStyles(styles).resolve(c.ctxs)
	c.chartFont = docDefaultFont(styles)
	if c.numbering == "" && (strings.Contains(string(types), "numbering")) {
		return nil, errors.New("numbering.xml объявлен, но отсутствует")
	}
	return c, nil
}

// partNames lists the files of an unpacked package in the order they are
// written: [Content_Types].xml, the package relationships, then by name.
func partNames(fsys fs.FS) ([]string, error) {
	names, err := templates.Files(fsys)
	sort.SliceStable(names, func(i, j int) bool { return partRank(names[i]) < partRank(names[j]) })
	return names, err
}

// partRank puts [Content_Types].xml and the package relationships first,
// as Word writes them.
func partRank(name string) int {
	switch name {
	case "[Content_Types].xml":
		return 0
	case "_rels/.rels":
		return 1
	}
	return 2
}

// coveredByTypes reports whether a part has an Override or its extension a
// Default in [Content_Types].xml.
func coveredByTypes(types, name string) bool {
	if strings.Contains(types, `PartName="/`+name+`"`) {
		return true
	}
	ext := strings.TrimPrefix(path.Ext(name), ".")
	return strings.Contains(types, `Extension="`+ext+`"`)
}

func wellFormed(name string, data []byte) error {
	if !strings.HasSuffix(name, ".xml") && !strings.HasSuffix(name, ".rels") {
		return nil
	}
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: XML не корректен: %w", name, err)
		}
	}
}

// Render fills template version v with d and writes the .docx to w. It is
// view.Build followed by RenderView; a caller that renders one document in
// several formats builds the view once and calls RenderView.
func (r *Renderer) Render(ctx context.Context, w io.Writer, d *document.Document, v *templates.Version, meta Meta) error {
	if d == nil || v == nil {
		return view.ErrNoDocument
	}
	// Compile first: a version without a DOCX template fails before the
	// view of a large document is built.
	if _, err := r.Compile(v); err != nil {
		return err
	}
	vw, err := view.Build(ctx, d, v, meta)
	if err != nil {
		return err
	}
	return r.RenderView(ctx, w, vw)
}

// RenderView fills the view's template version with the view and writes the
// .docx to w. The template sees only what the view decided.
func (r *Renderer) RenderView(ctx context.Context, w io.Writer, v *view.View) error {
	if v == nil || v.Version == nil || v.Doc == nil {
		return view.ErrNoDocument
	}
	c, err := r.Compile(v.Version)
	if err != nil {
		return err
	}
	root, err := buildRoot(ctx, v)
	if err != nil {
		return err
	}
	return r.render(ctx, w, c, root)
}

func (r *Renderer) render(ctx context.Context, w io.Writer, c *compiled, root *Root) error {
	st := &state{c: c, ctx: ctx}
	root.S = st
	outs := make([][]byte, len(c.parts))
	// The parts' buffers go back to the pool when the archive is written:
	// outs refer to them until then.
	var bufs partBuffers
	defer bufs.release()
	// mainRest are the chunks of the document part after outs[mainAt],
	// when it outgrew one buffer.
	mainAt, mainRest := -1, [][]byte(nil)
	for i, p := range c.parts {
		if !p.dynamic || p.name == c.numbering {
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		buf := bufs.get()
		st.out = buf
		err := c.tmpl.ExecuteTemplate(buf, p.name, root)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("шаблон DOCX %s: %w", c.ref, err)
		}
		if p.name != mainPart {
			if outs[i], err = buf.Bytes(ctx); err != nil {
				return err
			}
			continue
		}
		// The document part of a long plan is written in chunks
		// (partOut); they are joined only where a rewrite needs the
		// whole part: section breaks, or a QR code whose anchor
		// paragraph is not in the first chunk.
		chunks := buf.chunks()
		if len(chunks) > 1 && (len(root.sections.breaks) > 0 || root.qr != nil && !firstParaIn(chunks[0])) {
			x, err := joinChunks(ctx, chunks)
			if err != nil {
				return err
			}
			chunks = [][]byte{x}
		}
		if chunks, err = trimBodyEndChunks(ctx, chunks); err != nil {
			return err
		}
		if len(root.sections.breaks) > 0 {
			if chunks[0], err = root.sections.apply(chunks[0]); err != nil {
				return fmt.Errorf("шаблон DOCX %s: %w", c.ref, err)
			}
		}
		outs[i] = chunks[0]
		if len(chunks) > 1 {
			mainAt, mainRest = i, chunks[1:]
		}
	}
	if root.qr != nil {
		if err := c.addQR(outs, root.qr, root.qrPage); err != nil {
			return err
		}
	}
	if len(st.charts) != root.charts {
		return fmt.Errorf("шаблон DOCX %s напечатал не все диаграммы документа (%d из %d): диаграмму печатает абзац текста ({{.Paragraph.Text}}), один раз и в своём абзаце", c.ref, len(st.charts), root.charts)
	}
	var charts []chartFile
	if len(st.charts) > 0 {
		var err error
		if charts, err = c.chartFiles(ctx, st.charts); err != nil {
			return err
		}
		if err := c.addCharts(outs, st.charts); err != nil {
			return err
		}
	}
	// zipx dates every entry 1980-01-01 in the MS-DOS fields and deflates
	// the rendered parts at BestSpeed, checking ctx every MiB: the
	// document part of a 100 000-row plan is tens of megabytes.
	zw := zipx.NewWriter(ctx, w)
	for i, p := range c.parts {
		var err error
		if p.name == c.numbering {
			var raw zipx.Raw
			if raw, err = c.numberingRaw(ctx, st.nums); err == nil {
				err = zw.CreateRaw(p.name, raw)
			}
		} else if i == mainAt {
			err = zw.DeflateChunks(p.name, append([][]byte{outs[i]}, mainRest...))
		} else if p.dynamic || outs[i] != nil {
			err = zw.Deflate(p.name, outs[i])
		} else {
			err = zw.CreateRaw(p.name, p.raw)
		}
		if err != nil {
			return zipErr(ctx, err)
		}
	}
	if root.qr != nil {
		img, err := qrPNG(root.qr)
		if err != nil {
			return err
		}
		if err := zw.Deflate(qrPart, img); err != nil {
			return zipErr(ctx, err)
		}
	}
	for _, f := range charts {
		if err := zw.Deflate(f.name, f.data); err != nil {
			return zipErr(ctx, err)
		}
	}
	return zipErr(ctx, zw.Close())
}

// zipErr is a write error as the caller sees it: the context's own error
// when the render was cancelled.
func zipErr(ctx context.Context, err error) error {
	if err == nil {
		return nil
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return fmt.Errorf("запись DOCX: %w", err)
}

func zipReader(data []byte) (*zip.Reader, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("DOCX: %w", err)
	}
	return zr, nil
}

func readZipFile(f *zip.File) ([]byte, error) {
	rc, err := f.Open()
	if err != nil {
		return nil, fmt.Errorf("DOCX %s: %w", f.Name, err)
	}
	defer rc.Close()
	return io.ReadAll(rc)
}
