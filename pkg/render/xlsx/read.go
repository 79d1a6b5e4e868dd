package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"kartograf/pkg/document"
	"kartograf/templates"
)

// ErrNotWorkbook is wrapped by Read's error for input that is not a
// readable .xlsx (not a zip, truncated, damaged parts).
var ErrNotWorkbook = errors.New("файл повреждён или это не книга Excel (.xlsx)")

// ErrTooLarge is wrapped by Read's error for input beyond the limits in
// layout.go (file size, unpacked size: a zip bomb).
var ErrTooLarge = errors.New("книга слишком большая")

// ReadError is a problem found in the workbook: where (sheet, 1-based row
// and column; 0 when not applicable) and what, in Russian.
type ReadError struct {
	Sheet    string
	Row, Col int
	Msg      string
	Err      error // the underlying cause, if any
}

func (e *ReadError) Error() string {
	var b strings.Builder
	if e.Sheet != "" {
		b.WriteString("лист «" + e.Sheet + "»")
	}
	sep := func() {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
	}
	if e.Row > 0 {
		sep()
		b.WriteString("строка " + strconv.Itoa(e.Row))
	}
	if e.Col > 0 {
		sep()
		name, err := excelize.CoordinatesToCellName(e.Col, 1)
		if err != nil {
			b.WriteString("столбец " + strconv.Itoa(e.Col))
		} else {
			b.WriteString("столбец " + strings.TrimSuffix(name, "1"))
		}
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *ReadError) Unwrap() error { return e.Err }

// ReadOptions tune Read. The zero value reads Kartograf's own workbooks.
type ReadOptions struct {
	// Columns returns the column set of template ref ("id@version") for a
	// document whose plan declares no columns (the template's default set).
	// Nil looks the template up among the built-in templates.
	Columns func(ref string) ([]document.Column, error)
	// Template resolves the template the workbook was written with (ref
	// is SheetMeta!A2, maybe empty: then the document's own, else its
	// kind's default), to lay out the display sheets again and compare
	// them with the workbook. Nil looks among the built-in templates.
	Template func(d *document.Document, ref string) (*templates.Version, error)
}

// ReadFile reads the workbook at path; see Read.
func ReadFile(path string) (*document.Document, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	d, err := Read(f, st.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

// Read reads a workbook written by Writer (and maybe edited in Excel or
// LibreOffice) back into a document: everything but the plan comes from the
// document JSON stored on the very hidden sheet «_kartograf»; the plan's
// sections and measures come from the plan sheet in sheet order, so edits
// there win, while cells whose text is unchanged keep their stored
// structure. Problems in the workbook are *ReadError; a document that does
// not validate is the *document.ValidationError of document.Validate.
func Read(r io.ReaderAt, size int64) (*document.Document, error) {
	return ReadOptions{}.Read(r, size)
}

// Read is Read with options.
func (o ReadOptions) Read(r io.ReaderAt, size int64) (*document.Document, error) {
	if size < 0 {
		return nil, fmt.Errorf("%w: отрицательный размер", ErrNotWorkbook)
	}
	if size > MaxFileSize {
		return nil, fmt.Errorf("%w: файл %d байт, допустимо не больше %d МиБ", ErrTooLarge, size, MaxFileSize>>20)
	}
	// The central directory gives every part's unpacked size, and
	// archive/zip refuses data beyond the declared size, so checking it
	// here turns a zip bomb into an error before anything is inflated.
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	var total uint64
	for _, zf := range zr.File {
		if zf.UncompressedSize64 > MaxUnzipXML {
			return nil, fmt.Errorf("%w: часть «%s» после распаковки %d МиБ, допустимо не больше %d МиБ (защита от zip-бомбы)",
				ErrTooLarge, zf.Name, zf.UncompressedSize64>>20, MaxUnzipXML>>20)
		}
		total += zf.UncompressedSize64
	}
	if total > MaxUnzipSize {
		return nil, fmt.Errorf("%w: после распаковки %d МиБ, допустимо не больше %d МиБ (защита от zip-бомбы)",
			ErrTooLarge, total>>20, MaxUnzipSize>>20)
	}
	slim, err := slimZip(zr)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(slim), excelize.Options{
		UnzipSizeLimit: MaxUnzipSize, UnzipXMLSizeLimit: MaxUnzipXML,
		// A date a person types in a cell («01.03.2024» in Excel with Russian
		// settings) is stored as a serial number in the locale's short date
		// format (built-in format 14); read it back as it was shown.
		ShortDatePattern: "dd.mm.yyyy",
	})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotWorkbook, err)
	}
	defer f.Close()

	ref, stored, err := readMeta(f)
	if err != nil {
		return nil, err
	}
	// The stored JSON is Kartograf's own: strict decoding (no unknown
	// fields) is enough here, and the whole result is validated at the end.
	d := new(document.Document)
	dec := json.NewDecoder(bytes.NewReader(stored))
	dec.DisallowUnknownFields()
	if err := dec.Decode(d); err != nil {
		return nil, &ReadError{Sheet: SheetMeta, Row: 4, Col: 1, Msg: "сохранённый документ не читается: " + err.Error(), Err: err}
	}
	// The display sheets are laid out from the stored copy, which must be
	// a valid document (the writer's input was).
	if err := document.Validate(d); err != nil {
		return nil, &ReadError{Sheet: SheetMeta, Row: 4, Col: 1, Msg: "сохранённый документ не проходит проверку: " + err.Error(), Err: err}
	}
	var plan *document.Plan
	for _, b := range d.Body {
		if b.Plan != nil {
			plan = b.Plan
			break
		}
	}
	if plan == nil {
		rows, err := sheetRows(f, SheetPlan, MaxRows)
		if err != nil {
			return nil, err
		}
		if err := o.checkDisplay(f, d, ref, rows, len(rows)); err != nil {
			return nil, err
		}
	} else {
		cols := plan.Columns
		if len(cols) == 0 {
			if ref == "" {
				ref = d.Template
			}
			if cols, err = o.templateColumns(ref); err != nil {
				return nil, &ReadError{Sheet: SheetPlan, Msg: "столбцы плана не известны: " + err.Error(), Err: err}
			}
		}
		rows, err := sheetRows(f, SheetPlan, MaxRows)
		if err != nil {
			return nil, err
		}
		p := &planReader{f: f, rows: rows, cols: cols, stored: *plan}
		sections, err := p.read()
		if err != nil {
			return nil, err
		}
		if err := o.checkDisplay(f, d, ref, rows, p.header); err != nil {
			return nil, err
		}
		plan.Sections = sections
	}
	if err := document.Validate(d); err != nil {
		return nil, err
	}
	return d, nil
}

// unread lists the parts Read never looks at (by prefix): excelize.OpenReader
// would inflate and parse some of them (theme, calculation chain) for
// nothing, so they are left out of the archive it is given.
var unread = []string{"xl/theme/", "xl/charts/", "xl/drawings/", "xl/media/", "xl/printerSettings/",
	"xl/calcChain.xml", "xl/worksheets/_rels/", "docProps/", "customXml/", "xl/externalLinks/", "xl/pivot"}

// slimZip inflates the parts Read may use and stores them uncompressed in a
// new archive for excelize. Inflating here checks every part's CRC, which
// excelize does not (it would read a damaged sheet as a shorter one), and
// costs nothing extra: excelize then only copies stored data.
func slimZip(zr *zip.Reader) ([]byte, error) {
	var (
		buf      bytes.Buffer
		workbook bool
	)
	var size uint64
	for _, zf := range zr.File {
		size += zf.UncompressedSize64 + 2*uint64(len(zf.Name)) + 128
	}
	buf.Grow(int(size))
	zw := zip.NewWriter(&buf)
	for _, zf := range zr.File {
		skip := false
		for _, p := range unread {
			if strings.HasPrefix(zf.Name, p) {
				skip = true
				break
			}
		}
		if skip || strings.HasSuffix(zf.Name, "/") {
			continue
		}
		workbook = workbook || zf.Name == "xl/workbook.xml"
		rc, err := zf.Open()
		if err != nil {
			return nil, fmt.Errorf("часть «%s»: %w", zf.Name, err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Store})
		if err != nil {
			rc.Close()
			return nil, err
		}
		_, err = io.Copy(w, rc)
		rc.Close()
		if err != nil {
			return nil, fmt.Errorf("часть «%s»: %w", zf.Name, err)
		}
	}
	if !workbook {
		return nil, errors.New("в архиве нет части xl/workbook.xml")
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

var builtinTemplates = sync.OnceValues(templates.New)

func (o ReadOptions) templateColumns(ref string) ([]document.Column, error) {
	if o.Columns != nil {
		return o.Columns(ref)
	}
	reg, err := builtinTemplates()
	if err != nil {
		return nil, err
	}
	v, err := reg.Resolve(ref)
	if err != nil {
		return nil, err
	}
	return v.Manifest.Plan.Columns, nil
}

// readMeta checks the format tag and returns the template reference of A2
// and the stored document's JSON (A4, A5, … up to the first empty cell).
func readMeta(f *excelize.File) (string, []byte, error) {
	notOurs := &ReadError{Msg: "это не книга Kartograf: нет листа «" + SheetMeta + "»"}
	if i, err := f.GetSheetIndex(SheetMeta); err != nil || i < 0 {
		return "", nil, notOurs
	}
	it, err := f.Rows(SheetMeta)
	if err != nil {
		return "", nil, &ReadError{Sheet: SheetMeta, Msg: "лист не читается: " + err.Error(), Err: err}
	}
	defer it.Close()
	var (
		ref    string
		hash   string
		v1     bool
		stored strings.Builder
		row    int
	)
rows:
	for it.Next() {
		row++
		cells, err := it.Columns()
		if err != nil {
			return "", nil, &ReadError{Sheet: SheetMeta, Row: row, Msg: "строка не читается: " + err.Error(), Err: err}
		}
		a := ""
		if len(cells) > 0 {
			a = cells[0]
		}
		if utf8.RuneCountInString(a) > MaxCellRunes {
			return "", nil, &ReadError{Sheet: SheetMeta, Row: row, Col: 1, Msg: fmt.Sprintf("в ячейке больше %d символов", MaxCellRunes)}
		}
		switch {
		case row == 1:
			v1 = a == FormatTagV1
			if a != FormatTag && !v1 {
				return "", nil, &ReadError{Sheet: SheetMeta, Row: 1, Col: 1,
					Msg: fmt.Sprintf("это не книга Kartograf: ожидалась метка «%s», а записано «%s»", FormatTag, a)}
			}
		case row == 2:
			ref = strings.TrimSpace(a)
		case row == 3:
			hash = strings.TrimSpace(a)
		case row >= 4:
			if a == "" {
				break rows
			}
			if stored.Len()+len(a) > document.MaxInputSize {
				return "", nil, &ReadError{Sheet: SheetMeta, Row: row, Col: 1, Msg: fmt.Sprintf("сохранённый документ больше %d МиБ", document.MaxInputSize>>20)}
			}
			stored.WriteString(a)
		}
	}
	if row == 0 {
		return "", nil, &ReadError{Sheet: SheetMeta, Row: 1, Col: 1, Msg: "это не книга Kartograf: нет метки «" + FormatTag + "»"}
	}
	if stored.Len() == 0 {
		return "", nil, &ReadError{Sheet: SheetMeta, Row: 4, Col: 1, Msg: "нет сохранённого документа"}
	}
	js, err := unpackMeta(stored.String())
	if err != nil {
		return "", nil, &ReadError{Sheet: SheetMeta, Row: 4, Col: 1, Msg: "сохранённый документ повреждён: " + err.Error(), Err: err}
	}
	if !v1 {
		if err := checkStoredHash(hash, js); err != nil {
			return "", nil, err
		}
	}
	return ref, js, nil
}

// ErrStoredCopyChanged is wrapped by the ReadError for a stored copy that
// does not match the SHA-256 recorded with it.
var ErrStoredCopyChanged = errors.New("сохранённая копия документа изменена")

// checkStoredHash compares the stored JSON with the hash of A3.
func checkStoredHash(hash string, js []byte) error {
	const fix = "книга повреждена или лист «" + SheetMeta + "» изменён вручную; сделайте книгу заново из JSON (kartograf render)"
	hexSum, ok := strings.CutPrefix(hash, "sha256:")
	if hash == "" || !ok {
		return &ReadError{Sheet: SheetMeta, Row: 3, Col: 1, Err: ErrStoredCopyChanged,
			Msg: "нет хеша SHA-256 сохранённой копии документа (ожидалось «sha256:…»); " + fix}
	}
	sum := sha256.Sum256(js)
	if !strings.EqualFold(hexSum, hex.EncodeToString(sum[:])) {
		return &ReadError{Sheet: SheetMeta, Row: 3, Col: 1, Err: ErrStoredCopyChanged,
			Msg: "сохранённая копия документа (A4 и ниже) не совпадает со своим хешем SHA-256; " + fix}
	}
	return nil
}

// unpackMeta returns the stored JSON: inflated from MetaPacked form, or as
// it is.
func unpackMeta(s string) ([]byte, error) {
	b64, packed := strings.CutPrefix(s, MetaPacked)
	if !packed {
		return []byte(s), nil
	}
	z, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		return nil, err
	}
	js, err := io.ReadAll(io.LimitReader(flate.NewReader(bytes.NewReader(z)), document.MaxInputSize+1))
	if err != nil {
		return nil, err
	}
	if len(js) > document.MaxInputSize {
		return nil, fmt.Errorf("больше %d МиБ", document.MaxInputSize>>20)
	}
	return js, nil
}

// sheetRows reads a sheet's cell texts, row i at index i-1 (empty rows as
// nil), refusing more than maxRows rows and cells beyond MaxCellRunes.
func sheetRows(f *excelize.File, sheet string, maxRows int) ([][]string, error) {
	if i, err := f.GetSheetIndex(sheet); err != nil || i < 0 {
		return nil, &ReadError{Sheet: sheet, Msg: "в книге нет этого листа"}
	}
	it, err := f.Rows(sheet)
	if err != nil {
		return nil, &ReadError{Sheet: sheet, Msg: "лист не читается: " + err.Error(), Err: err}
	}
	defer it.Close()
	var rows [][]string
	for it.Next() {
		if len(rows) == maxRows {
			return nil, &ReadError{Sheet: sheet, Row: maxRows + 1, Msg: fmt.Sprintf("больше %d строк", maxRows)}
		}
		cells, err := it.Columns()
		if err != nil {
			return nil, &ReadError{Sheet: sheet, Row: len(rows) + 1, Msg: "строка не читается: " + err.Error(), Err: err}
		}
		for c, s := range cells {
			if len(s) > MaxCellRunes && utf8.RuneCountInString(s) > MaxCellRunes {
				return nil, &ReadError{Sheet: sheet, Row: len(rows) + 1, Col: c + 1, Msg: fmt.Sprintf("в ячейке больше %d символов", MaxCellRunes)}
			}
			if strings.IndexByte(s, '\r') >= 0 {
				cells[c] = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
			}
		}
		rows = append(rows, cells)
	}
	if err := it.Error(); err != nil {
		return nil, &ReadError{Sheet: sheet, Msg: "лист не читается: " + err.Error(), Err: err}
	}
	return rows, nil
}

// planReader rebuilds the plan's sections from the plan sheet.
type planReader struct {
	f      *excelize.File
	rows   [][]string
	cols   []document.Column
	stored document.Plan // the plan as stored in the JSON

	header        int   // 0-based row index of the header
	colIdx        []int // 0-based sheet column of each plan column
	status, note  int
	key           int
	merges        map[[2]int]int // (row, col) of a merge's first cell → its last col, 0-based
	mergesLoaded  bool
	statusByLabel map[string]document.Status
	numberCol     int // index into cols of the number column, -1 when none
}

// cell is the text of 0-based (row, col).
func (p *planReader) cell(r, c int) string {
	if c < 0 || r >= len(p.rows) || c >= len(p.rows[r]) {
		return ""
	}
	return p.rows[r][c]
}

func (p *planReader) headerTitles() []string {
	t := make([]string, 0, len(p.cols)+3)
	for _, c := range p.cols {
		t = append(t, c.Title)
	}
	return append(t, ColStatus, ColNote, ColKey)
}

type headerCell struct {
	col  int
	text string
}

func headerCells(row []string) []headerCell {
	var out []headerCell
	for c, s := range row {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, headerCell{c, s})
		}
	}
	return out
}

func quoted(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = "«" + s + "»"
	}
	return strings.Join(q, ", ")
}

// findHeader locates the header row: the row whose non-empty cells begin,
// in order, with the plan column titles, «Статус», «Отметка о выполнении» and
// «_kartograf»; failing that, a row whose non-empty cells end (maybe
// followed by more) with the last three of these, with as many cells before
// them as the plan has columns (a person renamed a column title: the
// columns are taken by position).
func (p *planReader) findHeader() error {
	want := p.headerTitles()
	n := len(p.cols)
	bestRow, bestLen := -1, 0
	for r, row := range p.rows {
		ne := headerCells(row)
		k := 0
		for k < len(ne) && k < len(want) && ne[k].text == strings.TrimSpace(want[k]) {
			k++
		}
		if k == len(want) { // cells right of the key column do not matter
			p.setHeader(r, ne)
			return nil
		}
		if k > bestLen {
			bestRow, bestLen = r, k
		}
		if j := slices.IndexFunc(ne, func(c headerCell) bool { return c.text == ColKey }); j >= 2 && ne[j-2].text == ColStatus && ne[j-1].text == ColNote {
			if j-2 != n {
				titles := make([]string, j-2)
				for i := range titles {
					titles[i] = ne[i].text
				}
				return &ReadError{Sheet: SheetPlan, Row: r + 1, Msg: fmt.Sprintf("в строке заголовка %d столбцов плана (%s), а в документе %d (%s)",
					j-2, quoted(titles), n, quoted(want[:n]))}
			}
			p.setHeader(r, ne)
			return nil
		}
	}
	if bestLen >= 2 {
		ne := headerCells(p.rows[bestRow])
		col := ne[bestLen-1].col + 1
		msg := fmt.Sprintf("нет заголовка «%s»", want[bestLen])
		if bestLen < len(ne) {
			col = ne[bestLen].col
			msg = fmt.Sprintf("ожидался заголовок «%s», а записано «%s»", want[bestLen], ne[bestLen].text)
		}
		return &ReadError{Sheet: SheetPlan, Row: bestRow + 1, Col: col + 1, Msg: msg}
	}
	return &ReadError{Sheet: SheetPlan, Msg: "нет строки заголовка таблицы; ожидались столбцы " + quoted(want)}
}

func (p *planReader) setHeader(r int, ne []headerCell) {
	n := len(p.cols)
	p.header = r
	p.colIdx = make([]int, n)
	for i := range n {
		p.colIdx[i] = ne[i].col
	}
	p.status, p.note, p.key = ne[n].col, ne[n+1].col, ne[n+2].col
}

// loadMerges reads the plan sheet's merged ranges, once, when a row
// without a key needs them.
func (p *planReader) loadMerges() error {
	if p.mergesLoaded {
		return nil
	}
	p.mergesLoaded = true
	mc, err := p.f.GetMergeCells(SheetPlan, true)
	if err != nil {
		return &ReadError{Sheet: SheetPlan, Msg: "объединённые ячейки не читаются: " + err.Error(), Err: err}
	}
	p.merges = make(map[[2]int]int, len(mc))
	for _, m := range mc {
		c1, r1, err1 := excelize.CellNameToCoordinates(m.GetStartAxis())
		c2, _, err2 := excelize.CellNameToCoordinates(m.GetEndAxis())
		if err1 != nil || err2 != nil {
			continue
		}
		p.merges[[2]int{r1 - 1, c1 - 1}] = c2 - 1
	}
	return nil
}

// parseKey reads a row key: "s<si>" or "m<si>.<ii>"; si/ii are -1 when the
// key does not name a section or measure of the stored plan.
func (p *planReader) parseKey(key string) (kind byte, si, ii int) {
	si, ii = -1, -1
	if len(key) < 2 || (key[0] != 's' && key[0] != 'm') {
		return 0, si, ii
	}
	kind = key[0]
	rest := key[1:]
	if kind == 's' {
		n, err := strconv.Atoi(rest)
		if err == nil && n >= 0 && n < len(p.stored.Sections) {
			si = n
		}
		return kind, si, ii
	}
	a, b, ok := strings.Cut(rest, ".")
	if !ok {
		return kind, si, ii
	}
	s, err1 := strconv.Atoi(a)
	m, err2 := strconv.Atoi(b)
	if err1 == nil && err2 == nil && s >= 0 && s < len(p.stored.Sections) && m >= 0 && m < len(p.stored.Sections[s].Items) {
		si, ii = s, m
	}
	return kind, si, ii
}

// A row without a key that looks like a section number in the first column.
var sectionNumberRE = regexp.MustCompile(`^\d+\.?$`)

// isSection decides whether row r (0-based) is a section row. The rule:
//  1. a key written by Kartograf decides: "s…" is a section, "m…" a measure;
//  2. without a key (a row a person added), the row is a section when its
//     title cell (the second plan column) is the first cell of a merged
//     range reaching the last plan column, as the writer lays sections out;
//  3. or when only the first two plan columns hold text, the status and note
//     cells are empty and the first column looks like a section number
//     («3.» or «3»): a person typed a section without merging it.
//
// Every other non-empty row is a measure.
func (p *planReader) isSection(r int, kind byte, vals []string) (bool, error) {
	switch kind {
	case 's':
		return true, nil
	case 'm':
		return false, nil
	}
	if len(p.cols) < 2 {
		return false, nil
	}
	if err := p.loadMerges(); err != nil {
		return false, err
	}
	if end, ok := p.merges[[2]int{r, p.colIdx[1]}]; ok && end >= p.colIdx[len(p.colIdx)-1] {
		return true, nil
	}
	for _, v := range vals[2:] {
		if strings.TrimSpace(v) != "" {
			return false, nil
		}
	}
	if strings.TrimSpace(p.cell(r, p.status)) != "" || strings.TrimSpace(p.cell(r, p.note)) != "" {
		return false, nil
	}
	return strings.TrimSpace(vals[1]) != "" && sectionNumberRE.MatchString(strings.TrimSpace(vals[0])), nil
}

// isColumnNumbers reports a row that numbers the columns (1, 2, … n) under
// the header, as printed forms have it.
func isColumnNumbers(vals []string) bool {
	for i, v := range vals {
		if strings.TrimSpace(v) != strconv.Itoa(i+1) {
			return false
		}
	}
	return len(vals) > 1
}

func (p *planReader) parseStatus(r int, s string) (document.Status, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return document.StatusNone, nil
	}
	if p.statusByLabel == nil {
		p.statusByLabel = map[string]document.Status{}
		for _, st := range document.Statuses() {
			p.statusByLabel[strings.ToLower(st.Label())] = st
			p.statusByLabel[string(st)] = st
		}
	}
	if st, ok := p.statusByLabel[strings.ToLower(s)]; ok {
		return st, nil
	}
	labels := make([]string, 0, 5)
	for _, st := range document.Statuses() {
		labels = append(labels, st.Label())
	}
	return "", &ReadError{Sheet: SheetPlan, Row: r + 1, Col: p.status + 1,
		Msg: fmt.Sprintf("неизвестный статус «%s»; допустимо: %s или пусто", s, quoted(labels))}
}

// read rebuilds the sections from the rows below the header, in sheet order.
func (p *planReader) read() ([]document.Section, error) {
	if err := p.findHeader(); err != nil {
		return nil, err
	}
	p.numberCol = -1
	for i, c := range p.cols {
		if c.Key == document.NumberKey {
			p.numberCol = i
			break
		}
	}
	n := len(p.cols)
	vals := make([]string, n)
	var sections []document.Section
	first := true
	for r := p.header + 1; r < len(p.rows); r++ {
		empty := true
		for i, c := range p.colIdx {
			vals[i] = p.cell(r, c)
			if strings.TrimSpace(vals[i]) != "" {
				empty = false
			}
		}
		status, note := p.cell(r, p.status), p.cell(r, p.note)
		if empty && strings.TrimSpace(status) == "" && strings.TrimSpace(note) == "" {
			continue // an empty row, or one a person cleared
		}
		key := strings.TrimSpace(p.cell(r, p.key))
		if first && key == "" && isColumnNumbers(vals) {
			first = false
			continue
		}
		first = false
		kind, si, ii := p.parseKey(key)
		sec, err := p.isSection(r, kind, vals)
		if err != nil {
			return nil, err
		}
		if sec {
			// A section has no status or note: text typed there would be
			// dropped, so it is refused.
			for _, c := range []int{p.status, p.note} {
				if v := p.cell(r, c); strings.TrimSpace(v) != "" {
					return nil, &ReadError{Sheet: SheetPlan, Row: r + 1, Col: c + 1,
						Msg: fmt.Sprintf("в строке раздела записано %s, а у раздела нет статуса и отметки о выполнении — текст не перенесётся в документ; перенесите его в строку мероприятия или очистите ячейку", quote(v))}
				}
			}
			sections = append(sections, p.section(si, vals))
			continue
		}
		if len(sections) == 0 {
			return nil, &ReadError{Sheet: SheetPlan, Row: r + 1, Col: p.colIdx[0] + 1,
				Msg: "мероприятие стоит выше первого раздела; добавьте над ним строку раздела (номер в первом столбце, название во втором)"}
		}
		if kind != 'm' {
			si, ii = -1, -1
		}
		m, err := p.measure(r, si, ii, vals, status, note)
		if err != nil {
			return nil, err
		}
		s := &sections[len(sections)-1]
		s.Items = append(s.Items, m)
	}
	return sections, nil
}

// section builds a section row; si is the stored section it was written
// from, or -1. Its cells under the title's merge are ignored (read
// refuses text in its status and note cells).
func (p *planReader) section(si int, vals []string) document.Section {
	var number, title string
	if len(vals) >= 2 {
		number, title = vals[0], vals[1]
	} else {
		title = vals[0]
	}
	s := document.Section{Number: number, Title: title, Items: []document.Measure{}}
	if si >= 0 && number == p.stored.SectionNumber(si) {
		s.Number = p.stored.Sections[si].Number // "" stays generated
	}
	return s
}

// measure builds a measure row; (si, ii) is the stored measure it was
// written from, or -1.
func (p *planReader) measure(r, si, ii int, vals []string, status, note string) (document.Measure, error) {
	var stored *document.Measure
	if si >= 0 {
		stored = &p.stored.Sections[si].Items[ii]
	}
	m := document.Measure{Cells: make(map[string]document.Content, len(p.cols))}
	for i, c := range p.cols {
		text := vals[i]
		if c.Key == document.NumberKey {
			m.Number = text
			if stored != nil && text == p.stored.ItemNumber(si, ii) {
				m.Number = stored.Number // "" stays generated
			}
			continue
		}
		if stored != nil {
			if sc, ok := stored.Cells[c.Key]; ok && CellText(sc) == text {
				m.Cells[c.Key] = sc
				continue
			}
		}
		if cont := ParseCellText(text); cont != nil {
			m.Cells[c.Key] = cont
		}
	}
	if stored != nil {
		if p.numberCol < 0 {
			m.Number = stored.Number
		}
		// Cells of keys the sheet does not show stay as stored.
		for k, sc := range stored.Cells {
			if !p.shows(k) {
				m.Cells[k] = sc
			}
		}
	}
	st, err := p.parseStatus(r, status)
	if err != nil {
		return m, err
	}
	m.Status = st
	m.Note = note
	return m, nil
}

func (p *planReader) shows(key string) bool {
	for _, c := range p.cols {
		if c.Key == key {
			return true
		}
	}
	return false
}
