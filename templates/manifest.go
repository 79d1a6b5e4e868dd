package templates

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kartograf-ru/kartograf/pkg/document"
)

// Manifest describes one template version (manifest.json).
type Manifest struct {
	ID          string          `json:"id"`
	Version     string          `json:"version"`
	Description string          `json:"description"`
	Kinds       []document.Kind `json:"kinds"` // document kinds this template renders; the first template listing a kind is its default
	Page        Page            `json:"page"`
	Fonts       Fonts           `json:"fonts"`
	Sizes       Sizes           `json:"sizes"`
	Header      Header          `json:"header"`
	Plan        PlanStyle       `json:"plan"`
	Passport    PassportStyle   `json:"passport"`
	Narrative   Narrative       `json:"narrative"`
	Labels      Labels          `json:"labels"`
	Docx        *DocxStyle      `json:"docx,omitempty"` // nil: the version has no DOCX template
	// Tables is what the version does with wide tables (tables.go).
	Tables TableStyle `json:"tables,omitzero"`
	// PDF is what the version's PDF conforms to beyond PDF 1.7 (pdfstyle.go):
	// released versions set nothing and keep their bytes.
	PDF PDFStyle `json:"pdf,omitzero"`
	// Features are what this version prints beyond the original contract
	// (document.FeatureAppendix, …). A document that uses a feature its
	// version does not list fails validation: released versions list none
	// and keep their output.
	Features []string `json:"features,omitempty"`
	// SignatureMark is the form of the visible electronic signature mark:
	// MarkForm2025 (ГОСТ Р 7.0.97-2025: with the date and time of signing
	// when a trusted time-stamp is present) or MarkForm2016 (the 2016
	// edition's). Empty is the 2016 form, which the released versions
	// print and keep printing.
	SignatureMark string `json:"signature_mark,omitempty"`
	// Typesetting is how lines are broken (typesetting.go): released
	// versions set nothing and keep greedy breaking and their bytes.
	Typesetting TypesetStyle `json:"typesetting,omitzero"`
}

// The forms of the signature mark (Manifest.SignatureMark).
const (
	MarkForm2016 = "2016"
	MarkForm2025 = "2025"
)

// Has reports whether the version prints feature f.
func (m *Manifest) Has(f string) bool { return slices.Contains(m.Features, f) }

// DocxStyle locates a version's DOCX template and maps lists onto its
// numbering definitions.
type DocxStyle struct {
	// Dir is the unpacked .docx inside the version directory.
	Dir   string     `json:"dir"`
	Lists ListStyles `json:"lists"`
}

// ListStyles are w:abstractNumId values of the template's numbering.xml.
type ListStyles struct {
	Ordered int            `json:"ordered"`
	Bullets map[string]int `json:"bullets"` // list marker → abstract numbering
	Default int            `json:"default_bullet"`
}

// Page is the sheet and its margins in millimetres.
type Page struct {
	Size        string  `json:"size"`        // A4 or A3
	Orientation string  `json:"orientation"` // portrait or landscape
	Margins     Margins `json:"margins_mm"`
}

// Margins in millimetres.
type Margins struct {
	Top    float64 `json:"top"`
	Right  float64 `json:"right"`
	Bottom float64 `json:"bottom"`
	Left   float64 `json:"left"`
}

// FontSet names the four faces of a family. A name is "builtin:<Face>"
// (see fonts.BuiltinNames) or a path relative to the template version
// directory. Empty styles fall back to Regular.
type FontSet struct {
	Regular    string `json:"regular"`
	Bold       string `json:"bold,omitempty"`
	Italic     string `json:"italic,omitempty"`
	BoldItalic string `json:"bold_italic,omitempty"`
}

// Fonts is the main family plus fallbacks for characters it lacks.
type Fonts struct {
	FontSet
	Name     string    `json:"name"` // human name used in messages: «Liberation Serif»
	Fallback []FontSet `json:"fallback,omitempty"`
}

// Sizes are font sizes in points and the line spacing factor.
type Sizes struct {
	Body        float64 `json:"body"`
	Table       float64 `json:"table"`
	Title       float64 `json:"title"`
	Subtitle    float64 `json:"subtitle"`
	Heading     float64 `json:"heading"`
	Stamp       float64 `json:"stamp"`
	PageNumber  float64 `json:"page_number"`
	LineSpacing float64 `json:"line_spacing"` // multiple of the font size, e.g. 1.15
}

// Header controls the first-page letterhead.
type Header struct {
	Organization bool    `json:"organization"`   // print the organisation's full name above the stamps
	StampWidthMM float64 `json:"stamp_width_mm"` // ≤ 75 per ГОСТ Р 7.0.97
	TitleUpper   bool    `json:"title_upper"`    // print the title in capitals
}

// PlanStyle is the table of measures.
type PlanStyle struct {
	Columns      []document.Column `json:"columns"`      // default column set
	NumberRow    bool              `json:"number_row"`   // a row 1, 2, 3 … under the header, repeated with it
	Continuation bool              `json:"continuation"` // «Продолжение таблицы» above the table on later pages
	CellPadMM    float64           `json:"cell_padding_mm"`
	HeaderBold   bool              `json:"header_bold"`
	SectionBold  bool              `json:"section_bold"`
}

// PassportStyle is the two-column passport table.
type PassportStyle struct {
	LabelWidth float64 `json:"label_width"` // share of the text width, e.g. 0.25
	LabelBold  bool    `json:"label_bold"`
}

// Narrative is the style of paragraphs and lists.
type Narrative struct {
	IndentMM   float64 `json:"indent_mm"` // first-line indent, 12.5 per ГОСТ
	Justify    bool    `json:"justify"`
	ListIndent float64 `json:"list_indent_mm"`
}

// Labels are the fixed texts of the template.
type Labels struct {
	Approve      string `json:"approve"`           // «УТВЕРЖДАЮ»
	ByOrder      string `json:"approved_by_order"` // «УТВЕРЖДЕНА»
	Agree        string `json:"agree"`             // «СОГЛАСОВАНО»
	Reviewed     string `json:"reviewed"`          // «РАССМОТРЕНО»
	Seal         string `json:"seal"`              // «М.П.»
	Order        string `json:"order"`             // «приказом»
	Continuation string `json:"continuation"`      // «Продолжение таблицы»
	// Appendix is the first word of the appendix grif, «Приложение»;
	// required by the feature "appendix".
	Appendix string `json:"appendix,omitempty"`
}

// ApprovalHeading is the standard first line of a stamp of kind k.
func (l Labels) ApprovalHeading(k document.ApprovalKind) string {
	switch k {
	case document.ApprovalApprove:
		return l.Approve
	case document.ApprovalByOrder:
		return l.ByOrder
	case document.ApprovalAgree:
		return l.Agree
	case document.ApprovalReviewed:
		return l.Reviewed
	case document.ApprovalSeal:
		return l.Seal
	}
	return ""
}

// StampLines is the text of one stamp, line by line, as officials write it:
// the heading (the stamp's own title or the template's label for its
// kind; none when the stamp says heading: false), then either the stamp's
// own lines as written (document.Approval.Lines) or the lines composed
// from its fields: the position and issuer, a signature line with И.О.
// Фамилия (underscores unless signature_line: false), and the requisites
// (document.Approval.Reference). Every renderer prints these lines.
func (l Labels) StampLines(a document.Approval) []string {
	head := a.Title
	if head == "" {
		head = l.ApprovalHeading(a.Kind)
	}
	var out []string
	add := func(s string) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	if a.HasHeading() {
		add(head)
	}
	if len(a.Lines) > 0 {
		for _, s := range a.Lines {
			add(s)
		}
		return out
	}
	if a.Kind == document.ApprovalByOrder && a.Title == "" {
		// «УТВЕРЖДЕНА / приказом <issuer> / от … № …»
		add(l.Order + " " + a.Issuer)
		add(a.Position)
	} else {
		add(a.Position)
		add(a.Issuer)
	}
	if a.Name != "" && a.HasSignatureLine() {
		add("____________ " + a.Name)
	} else {
		add(a.Name)
	}
	add(a.Reference())
	return out
}

// Ref is "id@version".
func (m *Manifest) Ref() string { return m.ID + "@" + m.Version }

// PageSizeMM returns the page width and height in millimetres, oriented.
func (m *Manifest) PageSizeMM() (w, h float64) {
	w, h = 210, 297
	if m.Page.Size == "A3" {
		w, h = 297, 420
	}
	if m.Page.Orientation == "landscape" {
		w, h = h, w
	}
	return w, h
}

// check reports the first problems of a manifest, each naming its field.
func (m *Manifest) check() error {
	var p []string
	bad := func(field, msg string) { p = append(p, field+": "+msg) }
	if !validID(m.ID) {
		bad("id", "допустимы строчные латинские буквы, цифры и -")
	}
	if _, err := parseVersion(m.Version); err != nil {
		bad("version", err.Error())
	}
	if len(m.Kinds) == 0 {
		bad("kinds", "не указан ни один вид документа")
	}
	for _, k := range m.Kinds {
		if !slices.Contains([]document.Kind{document.KindRoadmap, document.KindAnalysis, document.KindMixed}, k) {
			bad("kinds", fmt.Sprintf("неизвестный вид «%s»", k))
		}
	}
	if m.Page.Size != "A4" && m.Page.Size != "A3" {
		bad("page.size", "допустимо A4 или A3")
	}
	if m.Page.Orientation != "portrait" && m.Page.Orientation != "landscape" {
		bad("page.orientation", "допустимо portrait или landscape")
	}
	mg := m.Page.Margins
	w, h := m.PageSizeMM()
	if mg.Top < 0 || mg.Right < 0 || mg.Bottom < 0 || mg.Left < 0 || mg.Left+mg.Right > w-40 || mg.Top+mg.Bottom > h-40 {
		bad("page.margins_mm", "поля отрицательны или не оставляют места для текста")
	}
	if m.Fonts.Regular == "" {
		bad("fonts.regular", "не указан основной шрифт")
	}
	s := m.Sizes
	for name, v := range map[string]float64{"body": s.Body, "table": s.Table, "title": s.Title, "subtitle": s.Subtitle, "heading": s.Heading, "stamp": s.Stamp, "page_number": s.PageNumber} {
		if v < 4 || v > 72 {
			bad("sizes."+name, "размер шрифта должен быть от 4 до 72 пт")
		}
	}
	if s.LineSpacing < 1 || s.LineSpacing > 3 {
		bad("sizes.line_spacing", "межстрочный интервал от 1 до 3")
	}
	if m.Header.StampWidthMM <= 0 || m.Header.StampWidthMM > 75 {
		bad("header.stamp_width_mm", "ширина грифа от 0 до 75 мм (ГОСТ Р 7.0.97)")
	}
	if len(m.Plan.Columns) == 0 {
		bad("plan.columns", "не указаны колонки плана")
	}
	if err := document.Validate(&document.Document{Kind: document.KindRoadmap, Organization: document.Organization{FullName: "x"}, Title: "x",
		Body: []document.Block{{Plan: &document.Plan{Columns: m.Plan.Columns, Sections: []document.Section{{Title: "x", Items: []document.Measure{{Cells: sampleCells(m.Plan.Columns)}}}}}}}}); err != nil {
		bad("plan.columns", err.Error())
	}
	if d := m.Docx; d != nil {
		if d.Dir == "" || strings.Contains(d.Dir, "..") {
			bad("docx.dir", "укажите каталог DOCX внутри версии")
		}
		if d.Lists.Ordered <= 0 || d.Lists.Default <= 0 {
			bad("docx.lists", "укажите ordered и default_bullet (w:abstractNumId)")
		}
	}
	for _, f := range m.Features {
		if _, ok := document.FeatureNames[f]; !ok {
			bad("features", fmt.Sprintf("неизвестная возможность «%s»", f))
		}
	}
	if m.Has(document.FeatureAppendix) && strings.TrimSpace(m.Labels.Appendix) == "" {
		bad("labels.appendix", "возможность appendix требует метку «Приложение»")
	}
	if m.SignatureMark != "" && m.SignatureMark != MarkForm2016 && m.SignatureMark != MarkForm2025 {
		bad("signature_mark", "допустимо «2016» или «2025» (редакция ГОСТ Р 7.0.97)")
	}
	m.checkTables(bad)
	m.checkPDF(bad)
	m.checkTypesetting(bad)
	if m.Passport.LabelWidth <= 0 || m.Passport.LabelWidth >= 1 {
		bad("passport.label_width", "доля ширины от 0 до 1")
	}
	if len(p) > 0 {
		return fmt.Errorf("%s", strings.Join(p, "; "))
	}
	return nil
}

func sampleCells(cols []document.Column) map[string]document.Content {
	cells := map[string]document.Content{}
	for _, c := range cols {
		if c.Key != document.NumberKey {
			cells[c.Key] = document.Text("x")
		}
	}
	return cells
}

func validID(id string) bool {
	if id == "" {
		return false
	}
	for _, r := range id {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-') {
			return false
		}
	}
	return true
}
