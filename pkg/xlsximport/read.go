package xlsximport

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
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
	"github.com/kartograf-ru/kartograf/templates"
)

// ErrNotWorkbook is wrapped by Read's error for input that is not a
// readable .xlsx (not a zip, truncated, damaged parts).
var ErrNotWorkbook = errors.New("файл повреждён или это не книга Excel (.xlsx)")

// ErrTooLarge is wrapped by Read's error for input beyond the limits in
// doc.go (file size, unpacked size: a zip bomb).
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

// Read reads a workbook written by xlsx.Writer (and maybe edited in Excel or
// LibreOffice) back into a document: it starts from the document JSON
// stored on the very hidden sheet «_kartograf» (checked against its
// SHA-256); the plan's sections and measures come from the plan sheet in
// sheet order, so edits there win, while cells whose text is unchanged keep
// their stored structure; a renamed title of the plan's own column is
// taken, one of the template's columns refused, and so is text in any cell
// of the plan sheet outside the table; edits of values shown whole in one
// cell of the letterhead, «Паспорт» or «Текст» are taken, and any other
// edit outside the plan table is refused. Problems in the workbook are *ReadError; a
// document that does not validate is the *document.ValidationError of
// document.Validate.
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
		return nil, fmt.Errorf("%w: %s", ErrNotWorkbook, zipReason(err))
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

	ref, stored, tag, err := readMeta(f)
	if err != nil {
		return nil, err
	}
	// The stored JSON is Kartograf's own: strict decoding (no unknown
	// fields) is enough here, and the whole result is validated at the end.
	d := new(document.Document)
	dec := json.NewDecoder(bytes.NewReader(stored))
	dec.DisallowUnknownFields()
	if err := dec.Decode(d); err != nil {
		return nil, &ReadError{Sheet: xlsx.SheetMeta, Row: 4, Col: 1, Msg: "сохранённый документ не читается: " + err.Error(), Err: err}
	}
	// The display sheets are laid out from the stored copy, which must be
	// a valid document (the writer's input was).
	if err := document.Validate(d); err != nil {
		return nil, &ReadError{Sheet: xlsx.SheetMeta, Row: 4, Col: 1, Msg: "сохранённый документ не проходит проверку: " + err.Error(), Err: err}
	}
	var plan *document.Plan
	for _, b := range d.Body {
		if b.Plan != nil {
			plan = b.Plan
			break
		}
	}
	if plan == nil {
		// No plan, no plan sheet (a workbook of an earlier writer has one
		// with the letterhead only).
		var rows [][]string
		if i, err := f.GetSheetIndex(xlsx.SheetPlan); err == nil && i >= 0 {
			if rows, err = sheetRows(f, xlsx.SheetPlan, MaxRows); err != nil {
				return nil, err
			}
		}
		if err := o.checkDisplay(f, d, ref, rows, len(rows), tag); err != nil {
			return nil, err
		}
	} else {
		cols := plan.Columns
		if len(cols) == 0 {
			if ref == "" {
				ref = d.Template
			}
			if cols, err = o.templateColumns(ref); err != nil {
				return nil, &ReadError{Sheet: xlsx.SheetPlan, Msg: "столбцы плана не известны: " + err.Error(), Err: err}
			}
		}
		rows, err := sheetRows(f, xlsx.SheetPlan, MaxRows)
		if err != nil {
			return nil, err
		}
		p := &planReader{f: f, rows: rows, cols: cols, stored: *plan, ownCols: len(plan.Columns) > 0, templateRef: ref}
		sections, err := p.read()
		if err != nil {
			return nil, err
		}
		if err := o.checkDisplay(f, d, ref, rows, p.header, tag); err != nil {
			return nil, err
		}
		plan.Sections, plan.Items = sections, nil
		if len(sections) == 1 && p.rowless[0] && len(p.stored.Sections) == 0 {
			// A plan of measures without sections, and no section row
			// added: measures again, as stored.
			plan.Sections, plan.Items = nil, sections[0].Items
		}
		if p.titles != nil {
			// Renamed in the header row (only a plan's own columns are).
			cols := slices.Clone(plan.Columns)
			for i := range cols {
				cols[i].Title = p.titles[i]
			}
			plan.Columns = cols
		}
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

// readMeta checks the format tag and returns the template reference of A2,
// the stored document's JSON (A4, A5, … up to the first empty cell) and
// the workbook's format tag (xlsx.FormatTag or an earlier one:
// FormatTagV1, FormatTagV2, FormatTagV3).
func readMeta(f *excelize.File) (string, []byte, string, error) {
	notOurs := &ReadError{Msg: "это не книга Kartograf: нет листа «" + xlsx.SheetMeta + "»"}
	if i, err := f.GetSheetIndex(xlsx.SheetMeta); err != nil || i < 0 {
		return "", nil, "", notOurs
	}
	it, err := f.Rows(xlsx.SheetMeta)
	if err != nil {
		return "", nil, "", &ReadError{Sheet: xlsx.SheetMeta, Msg: "лист не читается: " + err.Error(), Err: err}
	}
	defer it.Close()
	var (
		ref    string
		hash   string
		v1     bool
		tag    string
		stored strings.Builder
		row    int
	)
rows:
	for it.Next() {
		row++
		cells, err := it.Columns()
		if err != nil {
			return "", nil, "", &ReadError{Sheet: xlsx.SheetMeta, Row: row, Msg: "строка не читается: " + err.Error(), Err: err}
		}
		a := ""
		if len(cells) > 0 {
			a = cells[0]
		}
		if utf8.RuneCountInString(a) > xlsx.MaxCellRunes {
			return "", nil, "", &ReadError{Sheet: xlsx.SheetMeta, Row: row, Col: 1, Msg: fmt.Sprintf("в ячейке больше %d символов", xlsx.MaxCellRunes)}
		}
		switch {
		case row == 1:
			v1 = a == FormatTagV1
			tag = a
			if a != xlsx.FormatTag && a != FormatTagV3 && a != FormatTagV2 && !v1 {
				return "", nil, "", &ReadError{Sheet: xlsx.SheetMeta, Row: 1, Col: 1,
					Msg: fmt.Sprintf("это не книга Kartograf: ожидалась метка «%s», а записано «%s»", xlsx.FormatTag, a)}
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
				return "", nil, "", &ReadError{Sheet: xlsx.SheetMeta, Row: row, Col: 1, Msg: fmt.Sprintf("сохранённый документ больше %d МиБ", document.MaxInputSize>>20)}
			}
			stored.WriteString(a)
		}
	}
	if row == 0 {
		return "", nil, "", &ReadError{Sheet: xlsx.SheetMeta, Row: 1, Col: 1, Msg: "это не книга Kartograf: нет метки «" + xlsx.FormatTag + "»"}
	}
	if stored.Len() == 0 {
		return "", nil, "", &ReadError{Sheet: xlsx.SheetMeta, Row: 4, Col: 1, Msg: "нет сохранённого документа"}
	}
	js, err := unpackMeta(stored.String())
	if err != nil {
		return "", nil, "", &ReadError{Sheet: xlsx.SheetMeta, Row: 4, Col: 1, Msg: "сохранённый документ повреждён: " + err.Error(), Err: err}
	}
	if !v1 {
		if err := checkStoredHash(hash, js); err != nil {
			return "", nil, "", err
		}
	}
	return ref, js, tag, nil
}

// ErrStoredCopyChanged is wrapped by the ReadError for a stored copy that
// does not match the SHA-256 recorded with it.
var ErrStoredCopyChanged = errors.New("сохранённая копия документа изменена")

// checkStoredHash compares the stored JSON with the hash of A3.
func checkStoredHash(hash string, js []byte) error {
	const fix = "книга повреждена или лист «" + xlsx.SheetMeta + "» изменён вручную; сделайте книгу заново из JSON (kartograf render)"
	hexSum, ok := strings.CutPrefix(hash, "sha256:")
	if hash == "" || !ok {
		return &ReadError{Sheet: xlsx.SheetMeta, Row: 3, Col: 1, Err: ErrStoredCopyChanged,
			Msg: "нет хеша SHA-256 сохранённой копии документа (ожидалось «sha256:…»); " + fix}
	}
	sum := sha256.Sum256(js)
	if !strings.EqualFold(hexSum, hex.EncodeToString(sum[:])) {
		return &ReadError{Sheet: xlsx.SheetMeta, Row: 3, Col: 1, Err: ErrStoredCopyChanged,
			Msg: "сохранённая копия документа (A4 и ниже) не совпадает со своим хешем SHA-256; " + fix}
	}
	return nil
}

// unpackMeta returns the stored JSON: inflated from MetaPacked form, or as
// it is.
func unpackMeta(s string) ([]byte, error) {
	b64, packed := strings.CutPrefix(s, xlsx.MetaPacked)
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
			if len(s) > xlsx.MaxCellRunes && utf8.RuneCountInString(s) > xlsx.MaxCellRunes {
				return nil, &ReadError{Sheet: sheet, Row: len(rows) + 1, Col: c + 1, Msg: fmt.Sprintf("в ячейке больше %d символов", xlsx.MaxCellRunes)}
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

// zipReason says in Russian why archive/zip refused a file; the reason
// reaches a methodologist, who should not meet «zip: not a valid zip file».
func zipReason(err error) string {
	switch {
	case errors.Is(err, zip.ErrFormat):
		return "это не ZIP-архив, каким должна быть книга .xlsx (файл обрезан или сохранён в другом формате, например .xls)"
	case errors.Is(err, zip.ErrAlgorithm):
		return "архив сжат неизвестным методом"
	case errors.Is(err, zip.ErrChecksum):
		return "контрольная сумма архива не сходится: файл повреждён"
	}
	return err.Error()
}
