package registry

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of the input, the same for every format.
const (
	MaxFileSize = 20 << 20 // bytes of the file
	MaxRows     = 100_000  // rows (records) of the registry, header included
	MaxIDLength = 64       // characters of a school's identifier
)

// School is one validated row of the registry. Values are trimmed and their
// internal white space is collapsed; dates are ДД.ММ.ГГГГ.
type School struct {
	// Required.
	ID, ShortName, FullName, District, Director string
	// Optional; empty when not given.
	DirectorPosition, ApprovalOrderNumber, ApprovalOrderDate, CouncilProtocolNumber, CouncilProtocolDate string
	// Row is the 1-based row of the school in the source, the header being
	// row 1 (see the package documentation for CSV and JSON).
	Row int
}

// Problem is one thing wrong with the registry.
type Problem struct {
	Row     int    // 1-based row; 0 for the file or the header as a whole
	Column  string // the column as written in the header (or JSON key), or the canonical key of a missing column; "" when not about one column
	Message string // in Russian
}

// String is the problem as one line: «строка 7, столбец «id»: …».
func (p Problem) String() string {
	var b strings.Builder
	if p.Row > 0 {
		b.WriteString("строка ")
		b.WriteString(strconv.Itoa(p.Row))
	}
	if p.Column != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		b.WriteString("столбец «" + p.Column + "»")
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(p.Message)
	return b.String()
}

// Error is every problem found in a registry, sorted by row (file and
// header problems, Row 0, first; source order within a row).
type Error struct {
	File     string // the path given to ReadFile; "" for the Read functions
	Problems []Problem
}

// Error is one line per problem, each prefixed with the file name.
func (e *Error) Error() string {
	if len(e.Problems) == 0 {
		if e.File != "" {
			return e.File + ": ошибка в реестре школ"
		}
		return "ошибка в реестре школ"
	}
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		if e.File != "" {
			b.WriteString(e.File)
			if p.Row > 0 || p.Column != "" {
				b.WriteString(", ")
			} else {
				b.WriteString(": ")
			}
		}
		b.WriteString(p.String())
	}
	return b.String()
}

// fileError is an *Error with one file-level problem.
func fileError(msg string) *Error {
	return &Error{Problems: []Problem{{Message: msg}}}
}

// ReadFile reads the registry at path, choosing the format by the
// extension: .csv, .xlsx or .json in any case. Problems with the content
// are an *Error whose File is path; a file that cannot be opened is the
// error of os.Open.
func ReadFile(path string) ([]School, error) {
	ext := strings.ToLower(filepath.Ext(path))
	switch ext {
	case ".csv", ".xlsx", ".json":
	default:
		msg := "неподдерживаемый формат файла «" + filepath.Ext(path) + "»: реестр школ принимается в форматах .csv, .xlsx и .json"
		if ext == "" {
			msg = "у файла нет расширения: реестр школ принимается в форматах .csv, .xlsx и .json"
		} else if ext == ".xls" {
			msg = "старый формат Excel (.xls) не поддерживается: сохраните реестр как «Книга Excel (.xlsx)» или «CSV UTF-8»"
		}
		return nil, &Error{File: path, Problems: []Problem{{Message: msg}}}
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return nil, &Error{File: path, Problems: []Problem{{Message: "это папка, а не файл реестра"}}}
	}
	var schools []School
	switch ext {
	case ".csv":
		schools, err = ReadCSV(f)
	case ".xlsx":
		schools, err = ReadXLSX(f, st.Size())
	case ".json":
		schools, err = ReadJSON(f)
	}
	if e, ok := err.(*Error); ok {
		e.File = path
	}
	return schools, err
}

// readAll reads r whole, refusing more than MaxFileSize bytes.
func readAll(r io.Reader) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("чтение реестра школ: %w", err)
	}
	if len(data) > MaxFileSize {
		return nil, fileError(fmt.Sprintf("файл слишком большой: больше %d МиБ", MaxFileSize>>20))
	}
	return data, nil
}

// tooLarge is the problem of a file of size bytes over MaxFileSize.
func tooLarge(size int64) *Error {
	return fileError(fmt.Sprintf("файл слишком большой: %.1f МиБ, допустимо не больше %d МиБ", float64(size)/(1<<20), MaxFileSize>>20))
}

// Canonical keys, in the order of School's fields.
type key int

const (
	keyID key = iota
	keyShortName
	keyFullName
	keyDistrict
	keyDirector
	keyDirectorPosition
	keyApprovalOrderNumber
	keyApprovalOrderDate
	keyCouncilProtocolNumber
	keyCouncilProtocolDate
	numKeys
)

// column describes one canonical column.
type column struct {
	name     string   // canonical key
	what     string   // what it is, in Russian
	required bool     // must be present and non-empty
	date     bool     // ДД.ММ.ГГГГ
	number   bool     // JSON numbers accepted
	aliases  []string // accepted Russian headers, as shown to people
}

// columns is the table of canonical columns; a function, so that nothing
// of it can be changed by anyone.
func columns() *[numKeys]column {
	return &[numKeys]column{
		keyID: {name: "id", what: "идентификатор школы", required: true, number: true,
			aliases: []string{"ИД", "Идентификатор", "Идентификатор школы", "Код", "Код ОО", "Код школы", "№ ОО"}},
		keyShortName: {name: "short_name", what: "краткое наименование", required: true,
			aliases: []string{"Краткое наименование", "Краткое наименование ОО", "Краткое название", "Сокращённое наименование", "Сокращённое название"}},
		keyFullName: {name: "full_name", what: "полное наименование", required: true,
			aliases: []string{"Полное наименование", "Полное наименование ОО", "Наименование", "Наименование ОО", "Наименование школы", "Полное название"}},
		keyDistrict: {name: "district", what: "район", required: true,
			aliases: []string{"Район", "Муниципальный район", "Муниципальный округ", "Муниципалитет", "Муниципальное образование"}},
		keyDirector: {name: "director", what: "ФИО директора", required: true,
			aliases: []string{"Директор", "Руководитель", "ФИО директора", "ФИО руководителя"}},
		keyDirectorPosition: {name: "director_position", what: "должность руководителя",
			aliases: []string{"Должность", "Должность руководителя", "Должность директора"}},
		keyApprovalOrderNumber: {name: "approval_order_number", what: "номер приказа об утверждении", number: true,
			aliases: []string{"Номер приказа", "№ приказа"}},
		keyApprovalOrderDate: {name: "approval_order_date", what: "дата приказа об утверждении", date: true,
			aliases: []string{"Дата приказа"}},
		keyCouncilProtocolNumber: {name: "council_protocol_number", what: "номер протокола педсовета", number: true,
			aliases: []string{"Номер протокола", "№ протокола", "Номер протокола педсовета", "№ протокола педсовета"}},
		keyCouncilProtocolDate: {name: "council_protocol_date", what: "дата протокола педсовета", date: true,
			aliases: []string{"Дата протокола", "Дата протокола педсовета"}},
	}
}

// aliasIndex maps normalised header names (canonical keys and aliases) to
// keys.
func aliasIndex(cols *[numKeys]column) map[string]key {
	m := make(map[string]key, 64)
	for k := range numKeys {
		m[normHeader(cols[k].name)] = k
		for _, a := range cols[k].aliases {
			m[normHeader(a)] = k
		}
	}
	return m
}

// acceptedHeaders lists the headers accepted for column c, for messages.
func acceptedHeaders(c *column) string {
	var b strings.Builder
	b.WriteString("«" + c.name + "»")
	for _, a := range c.aliases {
		b.WriteString(", «" + a + "»")
	}
	return b.String()
}

// normHeader is the form in which headers are compared: lower case, «ё» as
// «е», runs of spaces, underscores and hyphens as one space, «№» followed by
// a space, no trailing «*» or «:», trimmed.
func normHeader(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	sep := false
	for _, r := range s {
		switch {
		case r == '\uFEFF' || r == '\u200B':
			continue
		case isSpace(r) || r == '_' || r == '-' || r == '‐' || r == '‑' || r == '–':
			sep = true
			continue
		}
		r = unicode.ToLower(r)
		if r == 'ё' {
			r = 'е'
		}
		if sep && b.Len() > 0 {
			b.WriteByte(' ')
		}
		sep = false
		b.WriteRune(r)
		if r == '№' {
			sep = true
		}
	}
	return strings.TrimSpace(strings.TrimRight(b.String(), "*: "))
}

// normValue trims s and collapses its internal runs of white space.
func normValue(s string) string {
	prevSpace := true // so that a leading space needs work
	for _, r := range s {
		sp := isSpace(r)
		if sp && (prevSpace || r != ' ') {
			return strings.Join(strings.FieldsFunc(s, isSpace), " ")
		}
		prevSpace = sp
	}
	if prevSpace && s != "" { // a trailing space
		return strings.Join(strings.FieldsFunc(s, isSpace), " ")
	}
	return s
}

// isSpace is unicode.IsSpace, quick for Cyrillic text.
func isSpace(r rune) bool {
	switch {
	case r < utf8.RuneSelf:
		return r == ' ' || '\t' <= r && r <= '\r'
	case r == 0x85 || r == 0xA0:
		return true
	case r < 0x1680:
		return false
	}
	return unicode.IsSpace(r)
}

// show is s for a message: non-printable characters escaped.
func show(s string) string {
	for _, r := range s {
		if !unicode.IsPrint(r) && r != ' ' {
			q := strconv.QuoteToGraphic(s)
			return q[1 : len(q)-1]
		}
	}
	return s
}

// header is a table's header mapped onto canonical keys.
type header struct {
	idx   [numKeys]int    // 0-based column of each key, -1 when absent
	label [numKeys]string // the header of each key as written
	width int             // columns up to the last non-empty header cell
}

// mapHeader maps the header cells, reporting columns given twice and
// missing required ones as Row 0 problems. It reports whether any cell is a
// known column.
func mapHeader(cells []string, cols *[numKeys]column, p *problems) (header, bool) {
	index := aliasIndex(cols)
	var h header
	for k := range h.idx {
		h.idx[k] = -1
	}
	known := false
	for i, c := range cells {
		label := normValue(strings.ReplaceAll(c, "\uFEFF", ""))
		if label == "" {
			continue
		}
		h.width = i + 1
		k, ok := index[normHeader(label)]
		if !ok {
			continue
		}
		known = true
		if h.idx[k] >= 0 {
			p.add(0, label, fmt.Sprintf("столбец задан дважды: «%s» и «%s» означают одно и то же (%s)", h.label[k], label, cols[k].what))
			continue
		}
		h.idx[k], h.label[k] = i, label
	}
	if !known {
		p.add(0, "", "в первой строке нет ни одного известного заголовка: первая строка должна содержать названия столбцов (id, short_name, full_name, district, director или их русские названия)")
	}
	for k := range numKeys {
		if cols[k].required && h.idx[k] < 0 {
			p.add(0, cols[k].name, "нет обязательного столбца ("+cols[k].what+"); подходящие заголовки: "+acceptedHeaders(&cols[k]))
		}
	}
	return h, known
}

// record is one row of the source before validation.
type record struct {
	row    int // 1-based row (JSON: line of the object)
	number int // 1-based record number in JSON; 0 in tables
	has    [numKeys]bool
	skip   [numKeys]bool // already reported (JSON: wrong type)
	val    [numKeys]string
	col    [numKeys]string // column label for problems
}

// tableRecord is the record of a table row under header h.
func tableRecord(row int, cells []string, h *header) record {
	rec := record{row: row}
	for k := range numKeys {
		i := h.idx[k]
		if i < 0 {
			continue
		}
		rec.has[k], rec.col[k] = true, h.label[k]
		if i < len(cells) {
			rec.val[k] = normValue(cells[i])
		}
	}
	return rec
}

// prefix starts a message about rec: the record number in JSON.
func (rec *record) prefix() string {
	if rec.number > 0 {
		return "запись " + strconv.Itoa(rec.number) + ": "
	}
	return ""
}

// ref refers to rec from a message about another record: «в строке 3».
func (rec *record) ref() string {
	if rec.number > 0 {
		return fmt.Sprintf("в записи %d, строка %d", rec.number, rec.row)
	}
	return "в строке " + strconv.Itoa(rec.row)
}

// refs refers to several records: «в строках 7, 9».
func refs(recs []*record) string {
	if len(recs) == 1 {
		return recs[0].ref()
	}
	parts := make([]string, len(recs))
	for i, r := range recs {
		if r.number > 0 {
			parts[i] = fmt.Sprintf("%d (строка %d)", r.number, r.row)
		} else {
			parts[i] = strconv.Itoa(r.row)
		}
	}
	if recs[0].number > 0 {
		return "в записях " + strings.Join(parts, ", ")
	}
	return "в строках " + strings.Join(parts, ", ")
}

// problems collects problems.
type problems []Problem

func (p *problems) add(row int, column, msg string) {
	*p = append(*p, Problem{Row: row, Column: column, Message: msg})
}

// finish validates recs and returns the schools, or every problem (those
// already in p included) as an *Error.
func finish(recs []record, p problems) ([]School, error) {
	schools := validate(recs, columns(), &p)
	if len(p) > 0 {
		slices.SortStableFunc(p, func(a, b Problem) int { return a.Row - b.Row })
		return nil, &Error{Problems: p}
	}
	return schools, nil
}

// validate checks and normalises the records.
func validate(recs []record, cols *[numKeys]column, p *problems) []School {
	// Identifiers are file names: unique regardless of case.
	ids := make(map[string][]*record, len(recs))
	for i := range recs {
		rec := &recs[i]
		if rec.has[keyID] && !rec.skip[keyID] && rec.val[keyID] != "" {
			fold := strings.ToLower(rec.val[keyID])
			ids[fold] = append(ids[fold], rec)
		}
	}
	schools := make([]School, 0, len(recs))
	for i := range recs {
		rec := &recs[i]
		for k := range numKeys {
			c := &cols[k]
			if rec.skip[k] {
				continue
			}
			if !rec.has[k] {
				if c.required && rec.number > 0 {
					p.add(rec.row, c.name, rec.prefix()+"нет обязательного поля «"+c.name+"» ("+c.what+")")
				}
				continue
			}
			v := rec.val[k]
			if v == "" {
				if c.required {
					p.add(rec.row, rec.col[k], rec.prefix()+"не заполнено обязательное поле ("+c.what+")")
				}
				continue
			}
			switch {
			case k == keyID:
				for _, msg := range checkID(v) {
					p.add(rec.row, rec.col[k], rec.prefix()+msg)
				}
				if msg := duplicate(rec, ids[strings.ToLower(v)]); msg != "" {
					p.add(rec.row, rec.col[k], rec.prefix()+msg)
				}
			case c.date:
				d, msg := normDate(v)
				if msg != "" {
					p.add(rec.row, rec.col[k], rec.prefix()+msg)
					continue
				}
				rec.val[k] = d
			}
		}
		v := &rec.val
		schools = append(schools, School{
			ID: v[keyID], ShortName: v[keyShortName], FullName: v[keyFullName], District: v[keyDistrict], Director: v[keyDirector],
			DirectorPosition: v[keyDirectorPosition], ApprovalOrderNumber: v[keyApprovalOrderNumber], ApprovalOrderDate: v[keyApprovalOrderDate],
			CouncilProtocolNumber: v[keyCouncilProtocolNumber], CouncilProtocolDate: v[keyCouncilProtocolDate],
			Row: rec.row,
		})
	}
	return schools
}

// duplicate is the message for rec when its identifier is not unique in
// same (the records with that identifier, in order), else "".
func duplicate(rec *record, same []*record) string {
	if len(same) < 2 {
		return ""
	}
	first := same[0]
	id := first.val[keyID]
	if rec == first {
		return "идентификатор «" + show(id) + "» повторяется " + refs(same[1:])
	}
	msg := "повторяется идентификатор «" + show(rec.val[keyID]) + "» (впервые " + first.ref()
	if rec.val[keyID] != id {
		msg += " как «" + show(id) + "»: идентификаторы, различающиеся только регистром букв, дают одно имя файла"
	}
	return msg + ")"
}

// checkID returns what is wrong with a non-empty identifier.
func checkID(id string) []string {
	var msgs []string
	var bad []string
	for _, r := range id {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' {
			continue
		}
		var s string
		switch {
		case r == ' ':
			s = "пробел"
		case unicode.IsPrint(r):
			s = "«" + string(r) + "»"
		default:
			s = fmt.Sprintf("U+%04X", r)
		}
		if !slices.Contains(bad, s) {
			bad = append(bad, s)
		}
	}
	if len(bad) > 0 {
		msgs = append(msgs, "идентификатор «"+show(id)+"» содержит недопустимые символы ("+strings.Join(bad, ", ")+"): из идентификатора получается имя файла, поэтому в нём допустимы только буквы, цифры, «-», «_» и «.»")
	} else if id[0] == '.' {
		msgs = append(msgs, "идентификатор «"+show(id)+"» начинается с точки: из идентификатора получается имя файла, а такие имена скрыты или особые («.», «..»)")
	} else if windowsDevice(id) {
		msgs = append(msgs, "идентификатор «"+show(id)+"» — зарезервированное имя устройства Windows (CON, PRN, AUX, NUL, COM0–COM9, LPT0–LPT9, в том числе с расширением): из идентификатора получается имя файла, а в Windows файл с таким именем создать нельзя")
	} else if strings.HasSuffix(id, ".") {
		msgs = append(msgs, "идентификатор «"+show(id)+"» оканчивается точкой: из идентификатора получается имя файла, а Windows отбрасывает точку в конце имени")
	}
	if n := utf8.RuneCountInString(id); n > MaxIDLength {
		msgs = append(msgs, fmt.Sprintf("идентификатор длиннее %d символов (%d)", MaxIDLength, n))
	}
	return msgs
}

// windowsDevice reports whether id names a Windows device: Windows opens
// the device instead of a file for CON, PRN, AUX, NUL, COM0–COM9 and
// LPT0–LPT9 (also with ¹²³), in any case, whatever extension follows
// («con.txt», so also «con.pdf» made from the id «con»). The files and
// archives of a batch are opened on Windows by the methodologists.
func windowsDevice(id string) bool {
	base, _, _ := strings.Cut(id, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	switch base {
	case "CON", "PRN", "AUX", "NUL":
		return true
	}
	for _, p := range []string{"COM", "LPT"} {
		if rest, ok := strings.CutPrefix(base, p); ok {
			return len(rest) == 1 && '0' <= rest[0] && rest[0] <= '9' || rest == "¹" || rest == "²" || rest == "³"
		}
	}
	return false
}

// normDate parses a date given as ДД.ММ.ГГГГ, Д.М.ГГГГ or ГГГГ-ММ-ДД and
// returns it as ДД.ММ.ГГГГ, or a message saying what is wrong.
func normDate(s string) (string, string) {
	var d, m, y int
	ok := false
	if len(s) == 10 && s[4] == '-' && s[7] == '-' {
		y, ok = atoi(s[:4], 4, 4)
		if ok {
			m, ok = atoi(s[5:7], 2, 2)
		}
		if ok {
			d, ok = atoi(s[8:], 2, 2)
		}
	} else if parts := strings.Split(s, "."); len(parts) == 3 {
		d, ok = atoi(parts[0], 1, 2)
		if ok {
			m, ok = atoi(parts[1], 1, 2)
		}
		if ok {
			y, ok = atoi(parts[2], 4, 4)
		}
	}
	if !ok {
		return "", "дата «" + show(s) + "» не в формате ДД.ММ.ГГГГ"
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(m, y) {
		return "", "дата «" + show(s) + "» не существует"
	}
	if y < 1900 || y > 2100 {
		return "", "в дате «" + show(s) + "» год должен быть от 1900 до 2100"
	}
	return fmt.Sprintf("%02d.%02d.%04d", d, m, y), ""
}

// atoi parses min to max ASCII digits.
func atoi(s string, min, max int) (int, bool) {
	if len(s) < min || len(s) > max {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

func daysIn(m, y int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
