package extract

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool"
)

// DocxText is what a DOCX says about its body, reduced to what the
// cross-format tests compare: paragraphs in order with their text,
// effective alignment, first-line indent and list marker, and each
// table's grid.
type DocxText struct {
	Paras  []DocxPara
	Tables []DocxTable
	// PageWidth and the left and right margins of the last section, twips.
	PageWidth, MarginLeft, MarginRight int
}

// DocxPara is one paragraph, in a table cell or not.
type DocxPara struct {
	Text  string // w:t joined, w:tab as a tab, w:br as a newline
	Style string // w:pStyle, "" for the default paragraph style
	// Align is the effective w:jc in neutral words: the paragraph's own,
	// else its style's (through w:basedOn): left, center, right, justify.
	Align string
	// OwnAlign is the paragraph's own w:jc, "" when it has none.
	OwnAlign string
	// FirstLine is the effective first-line indent in twips (negative
	// for a hanging indent).
	FirstLine int
	// Marker is the list label Word prints before the text, computed from
	// numbering.xml (w:num, its w:startOverride and w:lvlOverride, the
	// abstract level's w:start, w:numFmt and w:lvlText); "" when the
	// paragraph is not numbered.
	Marker string
	Table  int // index into Tables, -1 outside tables
	Bold   bool
}

// DocxTable is a table's grid and its cells' text.
type DocxTable struct {
	Grid []int      // w:gridCol widths, twips
	Rows [][]string // each cell's paragraphs joined with a newline
}

// Full is the paragraph as printed: the marker, a space and the text.
func (p DocxPara) Full() string {
	if p.Marker != "" {
		return p.Marker + " " + p.Text
	}
	return p.Text
}

// DOCX reads word/document.xml, styles.xml and numbering.xml.
func DOCX(t testing.TB, data []byte) *DocxText {
	t.Helper()
	d, err := parseDocx(data)
	if err != nil {
		t.Fatalf("DOCX: %v", err)
	}
	return d
}

// Find returns the first paragraph whose text is text (compared with
// Normalize), or nil.
func (d *DocxText) Find(text string) *DocxPara {
	want := Normalize(text)
	for i := range d.Paras {
		if Normalize(d.Paras[i].Text) == want {
			return &d.Paras[i]
		}
	}
	return nil
}

// Text is every paragraph as printed (Full), in body order, one a line;
// table cells come row by row.
func (d *DocxText) Text() string {
	return lines(d.Paras, DocxPara.Full)
}

// TableWith returns the first table one of whose cells is text, or nil.
func (d *DocxText) TableWith(text string) *DocxTable {
	want := Normalize(text)
	for i := range d.Tables {
		for _, r := range d.Tables[i].Rows {
			for _, c := range r {
				if Normalize(c) == want {
					return &d.Tables[i]
				}
			}
		}
	}
	return nil
}

func parseDocx(data []byte) (*DocxText, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	parts := map[string][]byte{}
	for _, f := range zr.File {
		switch f.Name {
		case "word/document.xml", "word/styles.xml", "word/numbering.xml":
			rc, err := f.Open()
			if err != nil {
				return nil, err
			}
			b, err := io.ReadAll(rc)
			rc.Close()
			if err != nil {
				return nil, err
			}
			parts[f.Name] = b
		}
	}
	if parts["word/document.xml"] == nil {
		return nil, fmt.Errorf("no word/document.xml")
	}
	styles, err := parseStyles(parts["word/styles.xml"])
	if err != nil {
		return nil, fmt.Errorf("styles.xml: %w", err)
	}
	num, err := parseNumbering(parts["word/numbering.xml"])
	if err != nil {
		return nil, fmt.Errorf("numbering.xml: %w", err)
	}
	d, err := parseBody(parts["word/document.xml"], styles)
	if err != nil {
		return nil, fmt.Errorf("document.xml: %w", err)
	}
	num.label(d.Paras)
	return d, nil
}

// wordAlign turns a w:jc value into the neutral words the tests compare.
func wordAlign(v string) string {
	switch v {
	case "both", "distribute", "lowKashida", "mediumKashida", "highKashida", "thaiDistribute":
		return "justify"
	case "start", "left":
		return "left"
	case "end", "right":
		return "right"
	}
	return v
}

type docxStyle struct {
	basedOn   string
	jc        string
	firstLine *int
}

type docxStyles struct {
	byID        map[string]docxStyle
	defaultPara string
}

func (s *docxStyles) jc(id string) string {
	if id == "" {
		id = s.defaultPara
	}
	for range 32 { // a loop in w:basedOn must not hang the test
		st, ok := s.byID[id]
		if !ok {
			return "left"
		}
		if st.jc != "" {
			return wordAlign(st.jc)
		}
		id = st.basedOn
	}
	return "left"
}

func (s *docxStyles) firstLine(id string) int {
	if id == "" {
		id = s.defaultPara
	}
	for range 32 {
		st, ok := s.byID[id]
		if !ok {
			return 0
		}
		if st.firstLine != nil {
			return *st.firstLine
		}
		id = st.basedOn
	}
	return 0
}

func attrInt(e xml.StartElement, name string) (int, bool) {
	n, err := strconv.Atoi(attr(e, name))
	return n, err == nil
}

// indFirstLine is a w:ind's first-line indent: firstLine, or minus hanging.
func indFirstLine(e xml.StartElement) *int {
	if n, ok := attrInt(e, "firstLine"); ok {
		return &n
	}
	if n, ok := attrInt(e, "hanging"); ok {
		n = -n
		return &n
	}
	return nil
}

func parseStyles(data []byte) (*docxStyles, error) {
	s := &docxStyles{byID: map[string]docxStyle{}}
	if data == nil {
		return s, nil
	}
	var id string
	var cur docxStyle
	start := func(e xml.StartElement, path []string) {
		switch e.Name.Local {
		case "style":
			id, cur = attr(e, "styleId"), docxStyle{}
			if attr(e, "type") == "paragraph" && (attr(e, "default") == "1" || attr(e, "default") == "true") {
				s.defaultPara = id
			}
		case "basedOn":
			cur.basedOn = attr(e, "val")
		case "jc":
			if parent(path) == "pPr" {
				cur.jc = attr(e, "val")
			}
		case "ind":
			if parent(path) == "pPr" {
				if f := indFirstLine(e); f != nil {
					cur.firstLine = f
				}
			}
		}
	}
	end := func(name string) {
		if name == "style" && id != "" {
			s.byID[id] = cur
			id = ""
		}
	}
	if err := walkXML(data, start, end, nil); err != nil {
		return nil, err
	}
	return s, nil
}

// walkXML reads an XML part token by token. start sees each element with
// path, the local names of the open elements down to it (parent tells the
// one that holds it); end sees each closing element's name; text, unless
// nil, sees character data with the path of the element that holds it.
func walkXML(data []byte, start func(e xml.StartElement, path []string), end func(name string),
	text func(t xml.CharData, path []string)) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	var path []string
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		switch e := tok.(type) {
		case xml.StartElement:
			path = append(path, e.Name.Local)
			start(e, path)
		case xml.EndElement:
			path = path[:len(path)-1]
			end(e.Name.Local)
		case xml.CharData:
			if text != nil {
				text(e, path)
			}
		}
	}
}

// parent is the element that holds the one just opened.
func parent(path []string) string {
	if len(path) < 2 {
		return ""
	}
	return path[len(path)-2]
}

func parseBody(data []byte, styles *docxStyles) (*DocxText, error) {
	d := &DocxText{}
	var para *DocxPara
	var text strings.Builder
	var ownFirst *int
	var numID, ilvl string
	// A stack of open tables (stamps may be tables inside a table cell);
	// cell text goes to the innermost.
	type openTable struct {
		index int
		cell  strings.Builder
	}
	var tables []*openTable
	inRunBold := false
	start := func(e xml.StartElement, path []string) {
		switch e.Name.Local {
		case "tbl":
			d.Tables = append(d.Tables, DocxTable{})
			tables = append(tables, &openTable{index: len(d.Tables) - 1})
		case "gridCol":
			if len(tables) > 0 {
				n, _ := attrInt(e, "w")
				tb := &d.Tables[tables[len(tables)-1].index]
				tb.Grid = append(tb.Grid, n)
			}
		case "tr":
			if len(tables) > 0 {
				tb := &d.Tables[tables[len(tables)-1].index]
				tb.Rows = append(tb.Rows, nil)
			}
		case "tc":
			if len(tables) > 0 {
				tables[len(tables)-1].cell.Reset()
			}
		case "p":
			tidx := -1
			if len(tables) > 0 {
				tidx = tables[len(tables)-1].index
			}
			para = &DocxPara{Table: tidx}
			text.Reset()
			ownFirst, numID, ilvl = nil, "", ""
		case "pStyle":
			if para != nil && parent(path) == "pPr" {
				para.Style = attr(e, "val")
			}
		case "jc":
			if para != nil && parent(path) == "pPr" {
				para.OwnAlign = wordAlign(attr(e, "val"))
			}
		case "ind":
			if para != nil && parent(path) == "pPr" {
				ownFirst = indFirstLine(e)
			}
		case "numId":
			if para != nil && parent(path) == "numPr" {
				numID = attr(e, "val")
			}
		case "ilvl":
			if para != nil && parent(path) == "numPr" {
				ilvl = attr(e, "val")
			}
		case "r":
			inRunBold = false
		case "b":
			if parent(path) == "rPr" && len(path) >= 3 && path[len(path)-3] == "r" {
				v := attr(e, "val")
				inRunBold = v == "" || v == "1" || v == "true" || v == "on"
			}
		case "tab":
			if para != nil && parent(path) == "r" {
				text.WriteByte('\t')
			}
		case "br", "cr":
			if para != nil && parent(path) == "r" {
				text.WriteByte('\n')
			}
		case "pgSz":
			d.PageWidth, _ = attrInt(e, "w")
		case "pgMar":
			d.MarginLeft, _ = attrInt(e, "left")
			d.MarginRight, _ = attrInt(e, "right")
		}
	}
	chars := func(t xml.CharData, path []string) {
		if para != nil && len(path) > 0 && path[len(path)-1] == "t" {
			if inRunBold && len(t) > 0 {
				para.Bold = true
			}
			text.Write(t)
		}
	}
	end := func(name string) {
		switch name {
		case "p":
			if para == nil {
				break
			}
			para.Text = text.String()
			para.Align = para.OwnAlign
			if para.Align == "" {
				para.Align = styles.jc(para.Style)
			}
			para.FirstLine = styles.firstLine(para.Style)
			if ownFirst != nil {
				para.FirstLine = *ownFirst
			}
			if numID != "" && numID != "0" {
				para.Marker = "\x00" + numID + "\x00" + ilvl // resolved by numbering.label
			}
			d.Paras = append(d.Paras, *para)
			if len(tables) > 0 {
				c := &tables[len(tables)-1].cell
				if c.Len() > 0 {
					c.WriteByte('\n')
				}
				c.WriteString(para.Text)
			}
			para = nil
		case "tc":
			if len(tables) > 0 {
				ot := tables[len(tables)-1]
				tb := &d.Tables[ot.index]
				if n := len(tb.Rows); n > 0 {
					tb.Rows[n-1] = append(tb.Rows[n-1], ot.cell.String())
				}
			}
		case "tbl":
			if len(tables) > 0 {
				tables = tables[:len(tables)-1]
			}
		}
	}
	if err := walkXML(data, start, end, chars); err != nil {
		return nil, err
	}
	return d, nil
}

type numLevel struct {
	start   int
	format  string
	text    string
	hasText bool
}

type numbering struct {
	abstract map[string]map[int]numLevel // abstractNumId → ilvl → level
	nums     map[string]numInstance
}

type numInstance struct {
	abstract string
	start    map[int]int      // w:startOverride by level
	levels   map[int]numLevel // w:lvl inside w:lvlOverride
}

func parseNumbering(data []byte) (*numbering, error) {
	n := &numbering{abstract: map[string]map[int]numLevel{}, nums: map[string]numInstance{}}
	if data == nil {
		return n, nil
	}
	var absID, numID string
	var overrideLvl = -1
	var lvl = -1
	var cur numLevel
	start := func(e xml.StartElement, _ []string) {
		switch e.Name.Local {
		case "abstractNum":
			absID = attr(e, "abstractNumId")
			n.abstract[absID] = map[int]numLevel{}
		case "num":
			numID = attr(e, "numId")
			n.nums[numID] = numInstance{start: map[int]int{}, levels: map[int]numLevel{}}
		case "abstractNumId":
			if numID != "" {
				ni := n.nums[numID]
				ni.abstract = attr(e, "val")
				n.nums[numID] = ni
			}
		case "lvlOverride":
			overrideLvl, _ = attrInt(e, "ilvl")
		case "startOverride":
			if numID != "" && overrideLvl >= 0 {
				v, _ := attrInt(e, "val")
				n.nums[numID].start[overrideLvl] = v
			}
		case "lvl":
			lvl, _ = attrInt(e, "ilvl")
			cur = numLevel{start: 1}
		case "start":
			if lvl >= 0 {
				cur.start, _ = attrInt(e, "val")
			}
		case "numFmt":
			if lvl >= 0 {
				cur.format = attr(e, "val")
			}
		case "lvlText":
			if lvl >= 0 {
				cur.text, cur.hasText = attr(e, "val"), true
			}
		}
	}
	end := func(name string) {
		switch name {
		case "lvl":
			if numID != "" && overrideLvl >= 0 {
				n.nums[numID].levels[lvl] = cur
			} else if absID != "" {
				n.abstract[absID][lvl] = cur
			}
			lvl = -1
		case "lvlOverride":
			overrideLvl = -1
		case "abstractNum":
			absID = ""
		case "num":
			numID = ""
		}
	}
	if err := walkXML(data, start, end, nil); err != nil {
		return nil, err
	}
	return n, nil
}

// level is a w:num's definition of level l: its own override, else the
// abstract numbering's, with the start override applied.
func (n *numbering) level(numID string, l int) (numLevel, bool) {
	ni, ok := n.nums[numID]
	if !ok {
		return numLevel{}, false
	}
	lv, ok := ni.levels[l]
	if !ok {
		lv, ok = n.abstract[ni.abstract][l]
	}
	if s, has := ni.start[l]; has {
		lv.start = s
	}
	return lv, ok
}

// label replaces the placeholder markers parseBody left with the labels
// Word prints. Counters are kept per w:num, as Word does for instances
// with their own start override; a level's counter restarts when a
// shallower level of the same list advances.
func (n *numbering) label(ps []DocxPara) {
	counters := map[string][]int{}
	for i := range ps {
		m := ps[i].Marker
		if !strings.HasPrefix(m, "\x00") {
			continue
		}
		f := strings.Split(m, "\x00")
		numID := f[1]
		l, _ := strconv.Atoi(f[2])
		lv, ok := n.level(numID, l)
		if !ok {
			ps[i].Marker = "?"
			continue
		}
		c := counters[numID]
		if c == nil {
			c = make([]int, 9)
			for k := range c {
				c[k] = -1
			}
		}
		if l < 0 || l >= len(c) {
			ps[i].Marker = "?"
			continue
		}
		if c[l] < 0 {
			c[l] = lv.start
		} else {
			c[l]++
		}
		for k := l + 1; k < len(c); k++ {
			c[k] = -1
		}
		counters[numID] = c
		if lv.format == "bullet" || lv.format == "none" {
			ps[i].Marker = lv.text
			continue
		}
		out := lv.text
		for k := 0; k <= l; k++ {
			v := c[k]
			if v < 0 {
				if lk, ok := n.level(numID, k); ok {
					v = lk.start
				}
			}
			out = strings.ReplaceAll(out, "%"+strconv.Itoa(k+1), strconv.Itoa(v))
		}
		ps[i].Marker = out
	}
}

// ConvertDOCXToPDF converts every file with LibreOffice in one soffice
// call (it costs seconds to start) into outDir and returns the PDFs'
// paths in the order of files. soffice runs with a profile of its own in a
// temporary directory, so that it neither waits for nor disturbs another
// LibreOffice running at the same time.
func ConvertDOCXToPDF(t testing.TB, outDir string, files ...string) []string {
	t.Helper()
	path := testtool.Require(t, "soffice")
	profile := t.TempDir()
	args := append([]string{"-env:UserInstallation=file://" + filepath.ToSlash(profile), "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", outDir}, files...)
	cmd := exec.Command(path, args...)
	cmd.Env = append(os.Environ(), "HOME="+profile)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, out.String())
	}
	pdfs := make([]string, len(files))
	for i, f := range files {
		base := strings.TrimSuffix(filepath.Base(f), filepath.Ext(f))
		pdfs[i] = filepath.Join(outDir, base+".pdf")
		if _, err := os.Stat(pdfs[i]); err != nil {
			t.Fatalf("soffice did not convert %s: %v\n%s", f, err, out.String())
		}
	}
	return pdfs
}
