package xlsximport

// Reading the plan sheet back: header, section and measure rows.

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/lazyre"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
	"github.com/kartograf-ru/kartograf/pkg/render/xlsx"
	"github.com/kartograf-ru/kartograf/pkg/typo"
)

// planReader rebuilds the plan's sections from the plan sheet.
type planReader struct {
	f      *excelize.File
	rows   [][]string
	cols   []document.Column
	stored document.Plan // the plan as stored in the JSON
	// groups are stored.Groups(): the keys' section indexes count them.
	groups []document.Section
	// rowless is true for each section read that printed no row (the
	// measures of a plan without sections, a section with neither number
	// nor title): Plan of the importer turns a lone one back into items.
	rowless []bool
	// ownCols: cols are the plan's own (plan.columns), not the template's
	// of version templateRef.
	ownCols     bool
	templateRef string
	titles      []string // the plan columns' titles as renamed in the header; nil when none was

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

// headerTitles are the header row's titles as the writer prints them: the
// plan columns' typographed (view.Column.Title), then the monitoring
// columns' and the key column's.
func (p *planReader) headerTitles() []string {
	t := make([]string, 0, len(p.cols)+3)
	for _, c := range p.cols {
		t = append(t, typo.Typograph(c.Title))
	}
	return append(t, xlsx.ColStatus, xlsx.ColNote, xlsx.ColKey)
}

// shown reports whether text is what the writer printed for stored: the
// view's typographed text, or — a workbook of an earlier writer, or a
// person who typed the original again — the text as stored.
func shown(text, stored string) bool {
	return text == stored || text == typo.Typograph(stored)
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
// «_kartograf»; failing that, the first row holding «_kartograf» (the hidden
// key column's title, which a person does not see to rename) after as many
// non-empty cells as the plan has columns, plus two: the columns are then
// taken by position, and checkHeader decides about titles that changed.
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
		if k == len(want) { // cells right of the key column: checkOutside
			p.setHeader(r, ne)
			return p.checkHeader()
		}
		if k > bestLen {
			bestRow, bestLen = r, k
		}
		if j := slices.IndexFunc(ne, func(c headerCell) bool { return c.text == xlsx.ColKey }); j >= 2 {
			if j != n+2 {
				titles := make([]string, j-2)
				for i := range titles {
					titles[i] = ne[i].text
				}
				return &ReadError{Sheet: xlsx.SheetPlan, Row: r + 1, Msg: fmt.Sprintf("в строке заголовка %d столбцов плана (%s), а в документе %d (%s); столбцы не добавляются и не удаляются в книге — измените столбцы плана в JSON",
					j-2, quoted(titles), n, quoted(want[:n]))}
			}
			p.setHeader(r, ne)
			return p.checkHeader()
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
		return &ReadError{Sheet: xlsx.SheetPlan, Row: bestRow + 1, Col: col + 1, Msg: msg}
	}
	return &ReadError{Sheet: xlsx.SheetPlan, Msg: "нет строки заголовка таблицы; ожидались столбцы " + quoted(want)}
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
	mc, err := p.f.GetMergeCells(xlsx.SheetPlan, true)
	if err != nil {
		return &ReadError{Sheet: xlsx.SheetPlan, Msg: "объединённые ячейки не читаются: " + err.Error(), Err: err}
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
		if err == nil && n >= 0 && n < len(p.groups) {
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
	if err1 == nil && err2 == nil && s >= 0 && s < len(p.groups) && m >= 0 && m < len(p.groups[s].Items) {
		si, ii = s, m
	}
	return kind, si, ii
}

// A row without a key that looks like a section number in the first column.
var sectionNumberRE = lazyre.New(`^\d+\.?$`)

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
	return "", &ReadError{Sheet: xlsx.SheetPlan, Row: r + 1, Col: p.status + 1,
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
	if err := p.checkOutside(); err != nil {
		return nil, err
	}
	p.groups = p.stored.Groups()
	cur := -1 // the stored group of the last section read, -1 when none
	n := len(p.cols)
	vals := make([]string, n)
	var sections []document.Section
	first := true
	for r := p.header + 1; r < len(p.rows); r++ {
		key := strings.TrimSpace(p.cell(r, p.key))
		if key == xlsx.ColKey {
			// A copy of the header row (people repeat it at page breaks):
			// it carries nothing, so it must be the header as it is.
			if err := p.headerCopy(r); err != nil {
				return nil, err
			}
			continue
		}
		if key != "" && !keyRE.MatchString(key) {
			return nil, &ReadError{Sheet: xlsx.SheetPlan, Row: r + 1, Col: p.key + 1,
				Msg: fmt.Sprintf("в скрытом столбце «%s» (ячейка %s) записано %s, а там хранится только ключ строки («s1», «m1.2») — текст не перенесётся в документ; перенесите его в столбец «%s» или удалите",
					xlsx.ColKey, cellName(r, p.key), quote(p.cell(r, p.key)), xlsx.ColNote)}
		}
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
		if first && key == "" && isColumnNumbers(vals) && p.monitorNumbers(r) {
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
			// A section has a number and a title only: text typed in its
			// other columns (under the merged title) would be dropped.
			for i := 2; i < n; i++ {
				if v := vals[i]; strings.TrimSpace(v) != "" {
					return nil, &ReadError{Sheet: xlsx.SheetPlan, Row: r + 1, Col: p.colIdx[i] + 1,
						Msg: fmt.Sprintf("в строке раздела в ячейке %s (столбец «%s») записано %s, а у раздела есть только номер и название — текст не перенесётся в документ; перенесите его в строку мероприятия или очистите ячейку",
							cellName(r, p.colIdx[i]), typo.Typograph(p.cols[i].Title), quote(v))}
				}
			}
			// Nor has it a status or note.
			for _, c := range []int{p.status, p.note} {
				if v := p.cell(r, c); strings.TrimSpace(v) != "" {
					return nil, &ReadError{Sheet: xlsx.SheetPlan, Row: r + 1, Col: c + 1,
						Msg: fmt.Sprintf("в строке раздела записано %s, а у раздела нет статуса и отметки о выполнении — текст не перенесётся в документ; перенесите его в строку мероприятия или очистите ячейку", quote(v))}
				}
			}
			sections = append(sections, p.section(si, vals))
			p.rowless = append(p.rowless, false)
			cur = si
			continue
		}
		if kind != 'm' {
			si, ii = -1, -1
		}
		// A measure of a stored group that prints no row starts that group
		// again (its measures follow the previous ones without a row); a
		// measure above every section row belongs to such a group when the
		// stored plan begins with one.
		switch {
		case si >= 0 && si != cur && !p.stored.SectionRow(si):
			sections = append(sections, document.Section{Number: p.groups[si].Number, Title: p.groups[si].Title, Items: []document.Measure{}})
			p.rowless = append(p.rowless, true)
			cur = si
		case len(sections) == 0 && len(p.groups) > 0 && !p.stored.SectionRow(0):
			sections = append(sections, document.Section{Number: p.groups[0].Number, Title: p.groups[0].Title, Items: []document.Measure{}})
			p.rowless = append(p.rowless, true)
			cur = 0
		case len(sections) == 0:
			return nil, &ReadError{Sheet: xlsx.SheetPlan, Row: r + 1, Col: p.colIdx[0] + 1,
				Msg: "мероприятие стоит выше первого раздела; добавьте над ним строку раздела (номер в первом столбце, название во втором)"}
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
		// A plan of one column prints number and title in one cell.
		if si >= 0 && shown(title, xlsx.SectionText(&view.Section{Number: p.stored.SectionNumber(si), Title: p.groups[si].Title})) {
			return document.Section{Number: p.groups[si].Number, Title: p.groups[si].Title, Items: []document.Measure{}}
		}
	}
	s := document.Section{Number: number, Title: title, Items: []document.Measure{}}
	if si >= 0 && shown(number, p.stored.SectionNumber(si)) {
		s.Number = p.groups[si].Number // "" stays generated
	}
	if si >= 0 && shown(title, p.groups[si].Title) {
		s.Title = p.groups[si].Title // as the author wrote it
	}
	return s
}

// measure builds a measure row; (si, ii) is the stored measure it was
// written from, or -1.
func (p *planReader) measure(r, si, ii int, vals []string, status, note string) (document.Measure, error) {
	var stored *document.Measure
	if si >= 0 {
		stored = &p.groups[si].Items[ii]
	}
	m := document.Measure{Cells: make(map[string]document.Content, len(p.cols))}
	for i, c := range p.cols {
		text := vals[i]
		if c.Key == document.NumberKey {
			m.Number = text
			if stored != nil && shown(text, p.stored.ItemNumber(si, ii)) {
				m.Number = stored.Number // "" stays generated
			}
			continue
		}
		if stored != nil {
			// An unchanged cell shows the stored value typographed (or,
			// written by an earlier writer, as it is): it keeps the
			// stored value with its structure and plain quotes and spaces.
			if sc, ok := stored.Cells[c.Key]; ok && (xlsx.CellText(sc) == text || xlsx.CellText(view.TypographContent(sc)) == text) {
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
	if stored != nil && shown(note, stored.Note) {
		m.Note = stored.Note
	}
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
