package templates

import "strconv"

// What a template does with a table too wide for its page (issue 13,
// point 6): put it on pages of the other orientation, or set it smaller.
const (
	WideLandscape = "landscape"
	WideScale     = "scale"
)

// TableStyle is the version's choice for wide tables. A table (generic or
// plan) is wide when it has at least WideColumns columns. The zero value
// prints every table on the document's pages at the table size, as the
// released versions do.
type TableStyle struct {
	// Wide: "" (nothing), "landscape" (a portrait template prints a wide
	// table on landscape pages inside the document, page numbers still at
	// the top centre) or "scale" (the table is set smaller, down to
	// MinSize, so that its numbers fit).
	Wide        string  `json:"wide,omitempty"`
	WideColumns int     `json:"wide_columns,omitempty"`
	MinSize     float64 `json:"min_size,omitempty"` // points; "scale" only
}

// checkTables reports the problems of the tables section.
func (m *Manifest) checkTables(bad func(field, msg string)) {
	t := m.Tables
	switch t.Wide {
	case "":
		if t.WideColumns != 0 || t.MinSize != 0 {
			bad("tables.wide", "укажите landscape или scale")
		}
		return
	case WideLandscape:
		if m.Page.Orientation == "landscape" {
			bad("tables.wide", "landscape — только для книжного шаблона")
		}
		if t.MinSize != 0 {
			bad("tables.min_size", "только при wide: scale")
		}
	case WideScale:
		if t.MinSize <= 0 || t.MinSize > m.Sizes.Table {
			bad("tables.min_size", "наименьший размер шрифта таблицы: больше 0 и не больше sizes.table ("+strconv.FormatFloat(m.Sizes.Table, 'f', -1, 64)+")")
		}
	default:
		bad("tables.wide", "допустимо landscape или scale")
	}
	if t.WideColumns < 2 {
		bad("tables.wide_columns", "широкая таблица — от 2 колонок")
	}
}

// WideTable reports whether a table of n columns is wide in this version.
func (m *Manifest) WideTable(n int) bool {
	return m.Tables.Wide != "" && m.Tables.WideColumns > 0 && n >= m.Tables.WideColumns
}
