package document

import (
	"strconv"
	"strings"
)

// Place says in Russian where a problem's JSON path points, as the person
// who wrote the document sees it: «Раздел 2, мероприятие 2.4, столбец
// «Сроки»» for body[3].plan.sections[1].items[3].deadline. Section and
// measure numbers are the document's own (or those the plan prints);
// column titles are the plan's, else defaultColumns (the template's). It
// returns "" for a path it cannot place (the path itself then says it) and
// never panics, whatever the document and the path.
func Place(d *Document, path string, defaultColumns []Column) string {
	if d == nil {
		return ""
	}
	steps := pathSteps(path)
	if len(steps) == 0 {
		return ""
	}
	head, rest := steps[0], steps[1:]
	switch head.field {
	case "title":
		return "Заголовок документа"
	case "subtitle":
		return "Подзаголовок документа"
	case "organization":
		return "Организация" + fieldName(rest, orgFields)
	case "date":
		return "Дата документа"
	case "number":
		return "Номер документа"
	case "place":
		return "Место составления"
	case "period":
		return "Период" + fieldName(rest, periodFields)
	case "appendix":
		return "Гриф приложения" + fieldName(rest, appendixFields)
	case "qr":
		return "QR-код документа"
	case "approvals":
		if head.index < 0 || head.index >= len(d.Approvals) {
			return "Грифы"
		}
		s := "Гриф " + strconv.Itoa(head.index+1)
		if len(rest) > 0 && rest[0].field == "lines" && rest[0].index >= 0 {
			return s + ", строка " + strconv.Itoa(rest[0].index+1)
		}
		return s + fieldName(rest, approvalFields)
	case "body":
		if head.index < 0 || head.index >= len(d.Body) {
			return ""
		}
		return bodyPlace(&d.Body[head.index], head.index, rest, defaultColumns)
	}
	return ""
}

// step is one part of a JSON path: a field, with an index when it is
// followed by [N] (-1 otherwise); a bare [N] after [M] is a second index.
type step struct {
	field  string
	index  int
	index2 int
}

// pathSteps splits «body[3].table.rows[2][4]» into steps; a malformed part
// ends the list.
func pathSteps(path string) []step {
	var out []step
	for part := range strings.SplitSeq(path, ".") {
		name, idx, ok := strings.Cut(part, "[")
		st := step{field: name, index: -1, index2: -1}
		if ok {
			first, second, two := strings.Cut(strings.TrimSuffix(idx, "]"), "][")
			n, err := strconv.Atoi(first)
			if err != nil || n < 0 {
				return out
			}
			st.index = n
			if two {
				if m, err := strconv.Atoi(second); err == nil && m >= 0 {
					st.index2 = m
				}
			}
		}
		if st.field == "" {
			return out
		}
		out = append(out, st)
	}
	return out
}

var (
	orgFields      = map[string]string{"full_name": "полное наименование", "short_name": "краткое наименование", "parent": "вышестоящий орган", "district": "район", "region": "регион"}
	periodFields   = map[string]string{"from": "начало", "to": "конец", "academic_year": "учебный год", "year": "год", "years": "годы"}
	appendixFields = map[string]string{"number": "номер приложения", "to": "к чему приложение", "date": "дата", "order_number": "номер приказа", "reference": "реквизиты"}
	approvalFields = map[string]string{"title": "заголовок", "position": "должность", "issuer": "чей приказ или совет", "name": "фамилия и инициалы", "date": "дата", "number": "номер", "basis": "основание", "lines": "строки", "side": "сторона"}
	blockNames     = map[string]string{"heading": "заголовок", "paragraph": "абзац", "list": "список", "passport": "паспорт", "plan": "план мероприятий", "table": "таблица", "signature": "подпись", "page_break": "разрыв страницы", "contents": "содержание"}
)

// fieldName is «: <name>» of the first step's field, or "".
func fieldName(rest []step, names map[string]string) string {
	if len(rest) == 0 {
		return ""
	}
	if n, ok := names[rest[0].field]; ok {
		return ": " + n
	}
	return ""
}

func bodyPlace(b *Block, i int, rest []step, defaultColumns []Column) string {
	s := "Блок " + strconv.Itoa(i+1)
	if t := b.Type(); t != "" {
		s += " (" + blockNames[t] + ")"
	}
	if len(rest) < 2 {
		return s
	}
	switch {
	case b.Plan != nil && rest[0].field == "plan":
		if p := planPlace(b.Plan, rest[1:], defaultColumns); p != "" {
			return p
		}
	case b.Table != nil && rest[0].field == "table":
		if p := tablePlace(b.Table, rest[1:]); p != "" {
			return p
		}
	case b.Passport != nil && rest[0].field == "passport":
		if r := rest[1]; r.field == "rows" && r.index >= 0 && r.index < len(b.Passport.Rows) {
			return "Паспорт, строка «" + b.Passport.Rows[r.index].Label + "»"
		}
	}
	return s
}

func planPlace(p *Plan, rest []step, defaultColumns []Column) string {
	cols := p.Columns
	if len(cols) == 0 {
		cols = defaultColumns
	}
	var parts []string
	switch r := rest[0]; {
	case r.field == "sections" && r.index >= 0 && r.index < len(p.Sections):
		si := r.index
		sec := "Раздел " + strconv.Itoa(si+1)
		if n := strings.TrimRight(strings.TrimSpace(p.SectionNumber(si)), "."); n != "" {
			sec = "Раздел " + n
		}
		parts = append(parts, sec)
		if len(rest) > 1 && rest[1].field == "items" && rest[1].index >= 0 && rest[1].index < len(p.Sections[si].Items) {
			ii := rest[1].index
			m := "мероприятие " + strconv.Itoa(ii+1)
			if n := strings.TrimSpace(p.ItemNumber(si, ii)); n != "" {
				m = "мероприятие " + n
			}
			parts = append(parts, m)
			if len(rest) > 2 {
				parts = append(parts, columnPart(rest[2].field, cols))
			}
		} else if len(rest) > 1 && rest[1].field == "title" {
			parts = append(parts, "название")
		}
	case r.field == "items" && r.index >= 0 && r.index < len(p.Items):
		m := "Мероприятие " + strconv.Itoa(r.index+1)
		if n := strings.TrimSpace(p.Items[r.index].Number); n != "" {
			m = "Мероприятие " + n
		}
		parts = append(parts, m)
		if len(rest) > 1 {
			parts = append(parts, columnPart(rest[1].field, cols))
		}
	case r.field == "columns" && r.index >= 0 && r.index < len(p.Columns):
		parts = append(parts, "План мероприятий, столбец «"+p.Columns[r.index].Title+"»")
	}
	return strings.Join(slicesCompact(parts), ", ")
}

// columnPart names a measure's field: its column's title, or the
// monitoring fields.
func columnPart(key string, cols []Column) string {
	switch key {
	case "status":
		return "статус"
	case "note":
		return "отметка о выполнении"
	case "number":
		return "номер"
	}
	for _, c := range cols {
		if c.Key == key {
			return "столбец «" + c.Title + "»"
		}
	}
	return "поле «" + key + "»"
}

func tablePlace(t *Table, rest []step) string {
	switch r := rest[0]; {
	case r.field == "rows" && r.index >= 0:
		s := "Таблица, строка " + strconv.Itoa(r.index+1)
		if r.index2 >= 0 {
			if r.index2 < len(t.Columns) && t.Columns[r.index2].Title != "" {
				s += ", столбец «" + t.Columns[r.index2].Title + "»"
			} else {
				s += ", столбец " + strconv.Itoa(r.index2+1)
			}
		}
		return s
	case r.field == "columns" && r.index >= 0 && r.index < len(t.Columns):
		return "Таблица, столбец «" + t.Columns[r.index].Title + "»"
	}
	return ""
}

func slicesCompact(parts []string) []string {
	out := parts[:0]
	for _, p := range parts {
		if p != "" {
			out = append(out, p)
		}
	}
	return out
}
