package xlsx

// Excel's cell limit. excelize cuts a longer string to 32 767 UTF-16 code
// units without a word, which would make a round trip return a shorter
// text; the writer refuses such a value instead (the stored copy on the
// meta sheet is split over cells and never cut).

import (
	"context"
	"fmt"
	"strconv"
	"unicode/utf16"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// CellTooLongError is returned by Writer.Render for a value that does not
// fit one spreadsheet cell (more than MaxCellRunes UTF-16 code units, the
// measure Excel uses). Path is the value's JSON path in the document when
// it is known; otherwise Sheet and Cell say where it would have gone.
type CellTooLongError struct {
	Path  string // JSON path, e.g. body[2].plan.sections[0].items[3].title
	Sheet string // sheet name, when Path is empty
	Cell  string // cell address (A1 style), when Path is empty
	Units int    // the value's length in UTF-16 code units
}

func (e *CellTooLongError) Error() string {
	where := e.Path
	if where == "" {
		where = "лист «" + e.Sheet + "», ячейка " + e.Cell
	}
	return fmt.Sprintf("%s: текст длиннее 32 767 символов (%s) — в ячейку Excel не поместится; сократите его или разделите на несколько значений",
		where, groupDigits(e.Units))
}

// groupDigits writes n with thin groups of three digits, as Russian text does.
func groupDigits(n int) string {
	s := strconv.Itoa(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + " " + s[i:]
	}
	return s
}

// utf16Len is the length of s in UTF-16 code units.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// fits reports whether s fits one cell; cheap for short strings.
func fits(s string) bool {
	return len(s) <= MaxCellRunes || utf16Len(s) <= MaxCellRunes
}

// contentFits reports whether CellText(c) fits one cell, without building
// the text when a bound on its length shows it does (the common case):
// each item adds at most its marker, indentation and a line break.
func contentFits(c document.Content) bool {
	n := 0
	var list func(l *document.List, level int)
	list = func(l *document.List, level int) {
		for _, it := range l.Items {
			n += len(it.Text) + 2*level + len(l.Marker) + 24
			if it.List != nil {
				list(it.List, level+1)
			}
		}
	}
	for _, p := range c {
		n += len(p.Text) + 1
		if p.List != nil {
			list(p.List, 0)
		}
	}
	return n <= MaxCellRunes || fits(CellText(c))
}

// checkCellLengths finds the first value of the view that the workbook
// would put whole into one cell and that does not fit it, and names it by
// its JSON path in the document. Values the display sheets continue over
// several rows (passport values, paragraphs, headings, list items,
// signatures) are not limited here; put catches any piece that is still
// too long.
func checkCellLengths(ctx context.Context, v *view.View) error {
	check := func(path, s string) error {
		if fits(s) {
			return nil
		}
		return &CellTooLongError{Path: path, Units: utf16Len(s)}
	}
	lh := &v.Letterhead
	for _, f := range []struct{ path, s string }{
		{"organization.parent", lh.Parent},
		{"organization.full_name", lh.FullName},
		{"title", lh.Title},
		{"subtitle", lh.Subtitle},
	} {
		if err := check(f.path, f.s); err != nil {
			return err
		}
	}
	for i, st := range lh.Stamps {
		for _, line := range st.Lines {
			if err := check("approvals["+strconv.Itoa(i)+"]", line); err != nil {
				return err
			}
		}
	}
	for i := range v.Blocks {
		bl := &v.Blocks[i]
		bp := "body[" + strconv.Itoa(bl.Index) + "]"
		switch bl.Kind {
		case view.KindHeading:
			// The heading right before the plan is its caption, one cell.
			if err := check(bp+".heading.text", bl.Heading.Text); err != nil {
				return err
			}
		case view.KindPassport:
			for ri, r := range bl.Passport.Rows {
				if err := check(bp+".passport.rows["+strconv.Itoa(ri)+"].label", r.Label); err != nil {
					return err
				}
			}
		case view.KindPlan:
			if err := checkPlan(ctx, bp+".plan", bl.Plan, check); err != nil {
				return err
			}
		case view.KindTable:
			t := bl.Table
			for ci, c := range t.Columns {
				if err := check(bp+".table.columns["+strconv.Itoa(ci)+"].title", c.Title); err != nil {
					return err
				}
			}
			for ri, row := range t.Rows {
				for ci, c := range row {
					if !contentFits(c) {
						return check(bp+".table.rows["+strconv.Itoa(ri)+"]["+strconv.Itoa(ci)+"]", CellText(c))
					}
				}
			}
		}
	}
	return nil
}

func checkPlan(ctx context.Context, path string, p *view.Plan, check func(path, s string) error) error {
	count := 0
	if len(p.Source.Columns) > 0 {
		for ci, c := range p.Columns {
			if err := check(path+".columns["+strconv.Itoa(ci)+"].title", c.Title); err != nil {
				return err
			}
		}
	}
	for si := range p.Sections {
		s := &p.Sections[si]
		sp := path + ".sections[" + strconv.Itoa(si) + "]"
		ip := sp + ".items["
		if len(p.Source.Sections) == 0 {
			ip = path + ".items[" // a plan of measures without sections
		}
		if err := check(sp+".number", s.Number); err != nil {
			return err
		}
		if err := check(sp+".title", s.Title); err != nil {
			return err
		}
		for ii := range s.Items {
			ms := &s.Items[ii]
			if count++; count%ctxEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			mp := ip + strconv.Itoa(ii) + "]"
			if err := check(mp+".number", ms.Number); err != nil {
				return err
			}
			if err := check(mp+".note", ms.Note); err != nil {
				return err
			}
			// Of several long cells, the first column's is named.
			for ci, c := range ms.Cells {
				if ci != p.NumberCol && !contentFits(c) {
					return check(mp+"."+p.Columns[ci].Key, CellText(c))
				}
			}
		}
	}
	return nil
}
