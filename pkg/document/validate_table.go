package document

import (
	"slices"
	"strconv"
)

// tableOptions checks a generic table's column types, units, totals and
// group titles; the numbers themselves are checked by Table.Numbers.
func (v *validator) tableOptions(path string, t *Table) {
	totals := 0
	for i, c := range t.Columns {
		cp := path + ".columns[" + strconv.Itoa(i) + "]"
		if c.Type != "" && !slices.Contains([]string{ColumnText, ColumnNumber, ColumnMoney}, c.Type) {
			v.add(cp+".type", "недопустимый тип колонки «%s»; допустимо: text, number, money", c.Type)
		}
		if c.Align != "" && c.Align != "left" && c.Align != "center" && c.Align != "right" {
			v.add(cp+".align", "допустимо left, center или right")
		}
		v.text(cp+".unit", c.Unit)
		if c.Unit != "" && !c.IsNumeric() {
			v.add(cp+".unit", "единица измерения допустима только у колонки type number или money")
		}
		if c.Decimals != nil && (*c.Decimals < 0 || *c.Decimals > 6) {
			v.add(cp+".decimals", "число знаков после запятой должно быть от 0 до 6")
		}
		if c.Decimals != nil && !c.IsNumeric() {
			v.add(cp+".decimals", "знаки после запятой допустимы только у колонки type number или money")
		}
		if c.Total {
			totals++
			if !c.IsNumeric() {
				v.add(cp+".total", "колонка итогов должна быть type number или money")
			} else if totals > 1 {
				v.add(cp+".total", "колонка итогов в таблице может быть только одна")
			}
		}
	}
	if t.TotalRow != "" {
		v.text(path+".total_row", t.TotalRow)
		switch {
		case !t.Numeric():
			v.add(path+".total_row", "строка итогов требует хотя бы одной колонки type number или money")
		case len(t.Columns) > 0 && t.Columns[0].IsNumeric():
			v.add(path+".total_row", "подпись строки итогов стоит в первой колонке, а она числовая")
		}
	}
	// Groups: within the columns, in order, not overlapping.
	next := 1
	for i, g := range t.Groups {
		gp := path + ".groups[" + strconv.Itoa(i) + "]"
		v.required(gp+".title", g.Title)
		switch {
		case g.Span < 1:
			v.add(gp+".span", "группа должна объединять хотя бы одну колонку")
		case g.From < 1 || g.From > len(t.Columns) || g.Span > len(t.Columns)-g.From+1:
			v.add(gp, "группа колонок с %d-й (%d колонок) выходит за колонки таблицы (1–%d)", g.From, g.Span, len(t.Columns))
		case g.From < next:
			v.add(gp+".from", "группы должны идти слева направо и не пересекаться")
		default:
			next = g.From + g.Span
		}
	}
	if !t.HasHeader() && len(t.Rows) == 0 && t.TotalRow == "" {
		v.add(path+".rows", "у таблицы без строки заголовка (header: false) должна быть хотя бы одна строка")
	}
	if len(t.Groups) > 0 && !t.HasHeader() {
		v.add(path+".groups", "у таблицы без строки заголовка (header: false) не может быть групп колонок")
	}
}
