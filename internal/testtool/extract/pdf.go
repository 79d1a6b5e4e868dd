package extract

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool"
)

// PDFText is what a PDF shows, reduced to what the cross-format tests
// compare: its text lines with their horizontal extents, and the vertical
// rules that draw table columns. Coordinates are points from the top-left
// corner of the page.
type PDFText struct {
	Pages []PDFPage
	// Lines in reading order: by page, then top to bottom, then left to
	// right among the lines that share a baseline (the cells of a row).
	Lines []PDFLine
	// Rules are the vertical line segments drawn on the pages.
	Rules []PDFRule
}

// PDFPage is a page's size in points.
type PDFPage struct{ Width, Height float64 }

// PDFLine is one line of text as poppler groups it.
type PDFLine struct {
	Page        int // 1-based
	Text        string
	Left, Right float64
	Top, Bottom float64
	Bold        bool
	FontSize    float64
}

// PDFRule is a vertical segment: x and its top and bottom.
type PDFRule struct {
	Page           int
	X, Top, Bottom float64
}

// PDF reads the PDF at path with poppler and qpdf.
//
// The text comes from `pdftohtml -xml -noroundcoord`, not from
// `pdftotext -bbox-layout`: pdftotext turns U+00A0 into a word break (its
// words are split there and its plain text shows a space), so a lost
// non-breaking space could not be told from a kept one; pdftohtml keeps
// the character and still gives each line's extents in points. The rules
// come from the content streams, uncompressed by `qpdf --qdf`.
func PDF(t testing.TB, path string) *PDFText {
	t.Helper()
	out := testtool.Run(t, "pdftohtml", "-xml", "-i", "-q", "-zoom", "1", "-noroundcoord", "-stdout", path)
	p, err := parsePDF2XML(out)
	if err != nil {
		t.Fatalf("pdftohtml %s: %v", path, err)
	}
	qdf := filepath.Join(t.TempDir(), "qdf.pdf")
	testtool.Run(t, "qpdf", "--qdf", "--object-streams=disable", path, qdf)
	data, err := os.ReadFile(qdf)
	if err != nil {
		t.Fatal(err)
	}
	// pdftohtml rounds the page's size to whole points; the MediaBox
	// has it exactly, and the frame's right edge is measured from it.
	boxes := mediaBoxes(data)
	for i := range p.Pages {
		if b, ok := boxes[i+1]; ok {
			p.Pages[i] = b
		}
	}
	p.Rules = qdfRules(data, func(page int) float64 {
		if page >= 1 && page <= len(p.Pages) {
			return p.Pages[page-1].Height
		}
		return 0
	})
	return p
}

func parsePDF2XML(s string) (*PDFText, error) {
	dec := xml.NewDecoder(strings.NewReader(s))
	dec.Strict = false
	p := &PDFText{}
	sizes := map[string]float64{}
	var cur *PDFLine
	var text strings.Builder
	page := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			break
		}
		switch e := tok.(type) {
		case xml.StartElement:
			switch e.Name.Local {
			case "page":
				page++
				p.Pages = append(p.Pages, PDFPage{Width: attrFloat(e, "width"), Height: attrFloat(e, "height")})
			case "fontspec":
				sizes[attr(e, "id")] = attrFloat(e, "size")
			case "text":
				l := attrFloat(e, "left")
				top := attrFloat(e, "top")
				cur = &PDFLine{Page: page, Left: l, Right: l + attrFloat(e, "width"), Top: top,
					Bottom: top + attrFloat(e, "height"), FontSize: sizes[attr(e, "font")]}
				text.Reset()
			case "b":
				if cur != nil {
					cur.Bold = true
				}
			}
		case xml.CharData:
			if cur != nil {
				text.Write(e)
			}
		case xml.EndElement:
			if e.Name.Local == "text" && cur != nil {
				cur.Text = strings.TrimSpace(text.String())
				if cur.Text != "" {
					p.Lines = append(p.Lines, *cur)
				}
				cur = nil
			}
		}
	}
	if len(p.Pages) == 0 {
		return nil, fmt.Errorf("no pages in pdftohtml's output")
	}
	sortLines(p.Lines)
	return p, nil
}

// sortLines puts lines in reading order. Lines whose tops are within 2 pt
// are one row (cells of a table row, a marker and its text drawn apart),
// read left to right.
func sortLines(ls []PDFLine) {
	slices.SortStableFunc(ls, func(a, b PDFLine) int {
		if a.Page != b.Page {
			return a.Page - b.Page
		}
		return cmpFloat(a.Top, b.Top)
	})
	for i := 0; i < len(ls); {
		j := i + 1
		for j < len(ls) && ls[j].Page == ls[i].Page && ls[j].Top-ls[i].Top < 2 {
			j++
		}
		slices.SortStableFunc(ls[i:j], func(a, b PDFLine) int { return cmpFloat(a.Left, b.Left) })
		i = j
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func attr(e xml.StartElement, name string) string {
	for _, a := range e.Attr {
		if a.Name.Local == name {
			return a.Value
		}
	}
	return ""
}

func attrFloat(e xml.StartElement, name string) float64 {
	f, _ := strconv.ParseFloat(attr(e, name), 64)
	return f
}

var (
	pageMarkRE     = regexp.MustCompile(`(?m)^%% Page (\d+)$`)
	contentsMarkRE = regexp.MustCompile(`(?m)^%% Contents for page (\d+)$`)
	mediaBoxRE     = regexp.MustCompile(`/MediaBox\s*\[\s*([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s+([-\d.]+)\s*\]`)
)

// mediaBoxes reads each page's MediaBox size from a QDF file, where
// qpdf marks every page object with «%% Page N»; a page without its own
// takes the first in the file (the page tree's).
func mediaBoxes(qdf []byte) map[int]PDFPage {
	out := map[int]PDFPage{}
	var fallback PDFPage
	if m := mediaBoxRE.FindSubmatch(qdf); m != nil {
		fallback = boxSize(m)
	}
	for _, loc := range pageMarkRE.FindAllSubmatchIndex(qdf, -1) {
		n, _ := strconv.Atoi(string(qdf[loc[2]:loc[3]]))
		obj := qdf[loc[1]:]
		if end := bytes.Index(obj, []byte("endobj")); end >= 0 {
			obj = obj[:end]
		}
		if m := mediaBoxRE.FindSubmatch(obj); m != nil {
			out[n] = boxSize(m)
		} else if fallback.Width > 0 {
			out[n] = fallback
		}
	}
	return out
}

func boxSize(m [][]byte) PDFPage {
	var v [4]float64
	for i := range v {
		v[i], _ = strconv.ParseFloat(string(m[i+1]), 64)
	}
	return PDFPage{Width: math.Abs(v[2] - v[0]), Height: math.Abs(v[3] - v[1])}
}

// qdfRules finds the vertical segments (x y m x y l with equal x, and
// rectangles at most 2 pt wide) in every page's content streams, with
// the current transformation applied; y is turned top-down with the page
// height.
func qdfRules(qdf []byte, height func(page int) float64) []PDFRule {
	var out []PDFRule
	for _, loc := range contentsMarkRE.FindAllSubmatchIndex(qdf, -1) {
		page, _ := strconv.Atoi(string(qdf[loc[2]:loc[3]]))
		rest := qdf[loc[1]:]
		s := bytes.Index(rest, []byte("stream\n"))
		if s < 0 {
			continue
		}
		rest = rest[s+len("stream\n"):]
		e := bytes.Index(rest, []byte("\nendstream"))
		if e < 0 {
			continue
		}
		h := height(page)
		for _, r := range contentRules(rest[:e]) {
			out = append(out, PDFRule{Page: page, X: r[0], Top: h - max(r[1], r[2]), Bottom: h - min(r[1], r[2])})
		}
	}
	return out
}

// matrix is a PDF transformation [a b c d e f].
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

func (m matrix) mul(n matrix) matrix { // m then n
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// contentRules returns vertical segments as [x, y0, y1] in default user
// space. It reads the operators that draw paths and skips strings, names
// and dictionaries, so that text cannot be taken for numbers.
func contentRules(s []byte) [][3]float64 {
	var out [][3]float64
	var nums []float64
	ctm := identity
	var stack []matrix
	var cx, cy float64 // current point, user space
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0:
			i++
			continue
		case c == '%':
			for i < len(s) && s[i] != '\n' {
				i++
			}
			continue
		case c == '(':
			for depth := 0; i < len(s); {
				switch s[i] {
				case '\\':
					i++
				case '(':
					depth++
				case ')':
					depth--
				}
				i++
				if depth == 0 {
					break
				}
			}
			nums = nums[:0]
			continue
		case c == '<' && i+1 < len(s) && s[i+1] == '<', c == '>' && i+1 < len(s) && s[i+1] == '>':
			i += 2
			nums = nums[:0]
			continue
		case c == '<':
			for i < len(s) && s[i] != '>' {
				i++
			}
			i++
			nums = nums[:0]
			continue
		case c == '[' || c == ']' || c == '{' || c == '}':
			i++
			continue
		}
		j := i
		if c == '/' {
			j++
		}
		for j < len(s) && !strings.ContainsRune(" \n\r\t\f\x00()<>[]{}/%", rune(s[j])) {
			j++
		}
		tok := string(s[i:j])
		i = j
		if tok[0] == '/' {
			nums = nums[:0]
			continue
		}
		if f, err := strconv.ParseFloat(tok, 64); err == nil {
			nums = append(nums, f)
			continue
		}
		switch tok {
		case "q":
			stack = append(stack, ctm)
		case "Q":
			if n := len(stack); n > 0 {
				ctm, stack = stack[n-1], stack[:n-1]
			}
		case "cm":
			if len(nums) >= 6 {
				n := nums[len(nums)-6:]
				ctm = matrix{n[0], n[1], n[2], n[3], n[4], n[5]}.mul(ctm)
			}
		case "m":
			if len(nums) >= 2 {
				cx, cy = ctm.apply(nums[len(nums)-2], nums[len(nums)-1])
			}
		case "l":
			if len(nums) >= 2 {
				x, y := ctm.apply(nums[len(nums)-2], nums[len(nums)-1])
				if math.Abs(x-cx) < 0.01 && math.Abs(y-cy) > 0.01 {
					out = append(out, [3]float64{x, cy, y})
				}
				cx, cy = x, y
			}
		case "re":
			if len(nums) >= 4 {
				n := nums[len(nums)-4:]
				x0, y0 := ctm.apply(n[0], n[1])
				x1, y1 := ctm.apply(n[0]+n[2], n[1]+n[3])
				if w := math.Abs(x1 - x0); w <= 2 && math.Abs(y1-y0) > 2*w {
					out = append(out, [3]float64{(x0 + x1) / 2, y0, y1})
				}
			}
		case "BI": // inline image: skip to EI
			if k := bytes.Index(s[i:], []byte("EI")); k >= 0 {
				i += k + 2
			}
		}
		nums = nums[:0]
	}
	return out
}

// Frame is a page's text frame: its left and right edges in points.
type Frame struct{ Left, Right float64 }

// FrameMM is the frame of a page w points wide with margins in millimetres.
func FrameMM(w, leftMM, rightMM float64) Frame {
	const mm = 72 / 25.4
	return Frame{Left: leftMM * mm, Right: w - rightMM*mm}
}

// PDFTable is a ruled table: its vertical extent and its column edges.
type PDFTable struct {
	Page        int
	Top, Bottom float64
	// Edges are every x at which one of the table's vertical rules
	// stands, so that a row whose cell spans columns does not hide an
	// edge the other rows draw.
	Edges []float64
}

// Tables returns the ruled tables on page, top to bottom: vertical rules
// that touch one another make one table.
func (p *PDFText) Tables(page int) []PDFTable {
	var rs []PDFRule
	for _, r := range p.Rules {
		if r.Page == page {
			rs = append(rs, r)
		}
	}
	slices.SortFunc(rs, func(a, b PDFRule) int { return cmpFloat(a.Top, b.Top) })
	var out []PDFTable
	for i := 0; i < len(rs); {
		tb := PDFTable{Page: page, Top: rs[i].Top, Bottom: rs[i].Bottom}
		xs := []float64{rs[i].X}
		j := i + 1
		for ; j < len(rs) && rs[j].Top <= tb.Bottom+1; j++ {
			tb.Bottom = max(tb.Bottom, rs[j].Bottom)
			xs = append(xs, rs[j].X)
		}
		slices.Sort(xs)
		tb.Edges = []float64{xs[0]}
		for _, x := range xs[1:] {
			if x-tb.Edges[len(tb.Edges)-1] > 0.5 {
				tb.Edges = append(tb.Edges, x)
			}
		}
		if len(tb.Edges) > 1 {
			out = append(out, tb)
		}
		i = j
	}
	return out
}

// Cell returns the table and the column (its left and right edges) that
// hold line l, ok false when l is not inside a ruled table.
func (p *PDFText) Cell(l PDFLine) (tb PDFTable, left, right float64, ok bool) {
	mid := (l.Top + l.Bottom) / 2
	for _, tb := range p.Tables(l.Page) {
		if mid < tb.Top || mid > tb.Bottom {
			continue
		}
		for k := 1; k < len(tb.Edges); k++ {
			if l.Left >= tb.Edges[k-1] && l.Right <= tb.Edges[k] {
				return tb, tb.Edges[k-1], tb.Edges[k], true
			}
		}
	}
	return PDFTable{}, 0, 0, false
}

// Find returns the consecutive lines (in reading order) that together
// hold text, compared with Normalize: a paragraph wrapped over several
// lines is found as one. Nil when no run of lines holds exactly text.
func (p *PDFText) Find(text string) []PDFLine {
	want := Normalize(text)
	for i := range p.Lines {
		// A line that ends in a hyphen may end a hyphenated word (joined
		// without the hyphen) or a compound one (joined with it): both
		// readings are kept while they still lead to the text.
		cands := []string{""}
		for j := i; j < len(p.Lines) && len(cands) > 0; j++ {
			line := Normalize(p.Lines[j].Text)
			var next []string
			for _, got := range cands {
				var joins []string
				switch {
				case got == "":
					joins = []string{line}
				case strings.HasSuffix(got, "-"):
					joins = []string{got[:len(got)-1] + line, got + line, got + " " + line}
				default:
					joins = []string{got + " " + line}
				}
				for _, g := range joins {
					if g == want {
						return p.Lines[i : j+1]
					}
					if strings.HasPrefix(want, g) || strings.HasSuffix(g, "-") && strings.HasPrefix(want, g[:len(g)-1]) {
						next = append(next, g)
					}
				}
			}
			cands = next
		}
	}
	return nil
}

// Text is every line in reading order, one per line.
func (p *PDFText) Text() string {
	return lines(p.Lines, func(l PDFLine) string { return l.Text })
}

// Alignment says how lines sit in frame: "left", "right", "center" or
// "justify", and the first line's indent from the frame's left edge in
// points. tol is the tolerance in points.
//
// A paragraph of several lines is justified when every line but the last
// ends at the frame's right edge and every line but the first starts at
// its left edge; left-aligned when those lines start at the left edge and
// not all end at the right one; right-aligned when all lines end at the
// right edge; centred when every line's middle is the frame's. A single
// line is left, right or centred by the same edges; it cannot show
// justification.
func Alignment(lines []PDFLine, f Frame, tol float64) (align string, indent float64) {
	if len(lines) == 0 {
		return "", 0
	}
	near := func(a, b float64) bool { return math.Abs(a-b) <= tol }
	mid := (f.Left + f.Right) / 2
	all := func(ls []PDFLine, ok func(PDFLine) bool) bool {
		for _, l := range ls {
			if !ok(l) {
				return false
			}
		}
		return true
	}
	atLeft := func(l PDFLine) bool { return near(l.Left, f.Left) }
	atRight := func(l PDFLine) bool { return near(l.Right, f.Right) }
	centred := func(l PDFLine) bool { return near((l.Left+l.Right)/2, mid) }
	indent = lines[0].Left - f.Left
	if len(lines) > 1 {
		body, rest := lines[:len(lines)-1], lines[1:]
		switch {
		case all(rest, atLeft) && all(body, atRight) && indent > -tol:
			return "justify", indent
		case all(rest, atLeft) && indent > -tol:
			return "left", indent
		case all(lines, atRight):
			return "right", 0
		case all(lines, centred):
			return "center", 0
		}
		return "unknown", indent
	}
	l := lines[0]
	switch {
	case atLeft(l):
		return "left", 0
	case atRight(l):
		return "right", 0
	case centred(l):
		return "center", 0
	case indent > 0 && l.Right < f.Right-tol:
		return "left", indent
	}
	return "unknown", indent
}

// lines is what every format's Text gives: each item's text and a newline,
// so that a test's failure shows the documents alike.
func lines[T any](items []T, text func(T) string) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(text(it))
		b.WriteByte('\n')
	}
	return b.String()
}

// Normalize collapses every run of white space (but not U+00A0, which is
// what typography puts in on purpose) into one space and trims the ends,
// so that texts from different formats compare.
func Normalize(s string) string {
	var b strings.Builder
	space := false
	for _, r := range strings.TrimSpace(s) {
		if r == ' ' || r == '\n' || r == '\t' || r == '\r' || r == '\v' || r == '\f' || r == '\u2028' {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}
