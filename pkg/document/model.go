package document

// Kind says what a document is; it selects the default template.
type Kind string

// Document kinds.
const (
	// KindRoadmap is a plan of measures («дорожная карта»).
	KindRoadmap Kind = "roadmap"
	// KindAnalysis is a narrative analysis or справка.
	KindAnalysis Kind = "analysis"
	// KindMixed is a plan followed by its analysis in one document (seed 000).
	KindMixed Kind = "mixed"
)

// Kinds lists the valid kinds in a stable order.
var kinds = []Kind{KindRoadmap, KindAnalysis, KindMixed}

// Document is one roadmap or analysis: metadata plus ordered body blocks.
type Document struct {
	Kind         Kind         `json:"kind"`
	Template     string       `json:"template,omitempty"` // "id@version" or "id"; empty: the default for Kind
	Language     string       `json:"language,omitempty"` // "ru" (the only one supported); empty means "ru"
	Organization Organization `json:"organization,omitzero"`
	Title        string       `json:"title"`
	Subtitle     string       `json:"subtitle,omitempty"`
	Period       *Period      `json:"period,omitempty"`
	Date         string       `json:"date,omitempty"`   // as written: «30.08.2023», ««15» мая 2023 г.»
	Number       string       `json:"number,omitempty"` // registration number of the document
	Place        string       `json:"place,omitempty"`  // place-and-year line as written, «с. Урожайное, 2023 г.» (feature "place")
	Approvals    []Approval   `json:"approvals,omitempty"`
	// QR is the datum of the QR-code requisite of ГОСТ Р 7.0.97-2025 (a
	// document identifier or URL), printed in the bottom right corner of
	// the first page; empty prints none.
	QR string `json:"qr,omitempty"`

	// Letterhead false prints no organisation lines (an appendix, a web
	// page) and makes the organisation optional; omitted or true keeps them.
	Letterhead *bool `json:"letterhead,omitempty"`
	// Appendix is the appendix grif, printed right-aligned above everything
	// else on the first page.
	Appendix *Appendix `json:"appendix,omitempty"`
	// Cover puts the letterhead, stamps, title and place line alone on the
	// first page (the place line at its foot); the body starts on the second.
	Cover bool `json:"cover,omitempty"`
	// HeadingNumbering numbers the body headings: "decimal" («1.», «1.1.»),
	// "roman" («I.» for level 1, «1.», «1.1.» below), "none" or empty.
	HeadingNumbering string `json:"heading_numbering,omitempty"`

	Body []Block `json:"body"`
}

// Organization is the body that owns the document.
type Organization struct {
	FullName  string `json:"full_name"`
	ShortName string `json:"short_name,omitempty"`
	Parent    string `json:"parent,omitempty"` // founder or higher authority, printed above the name
	District  string `json:"district,omitempty"`
	Region    string `json:"region,omitempty"`
}

// Period is the time a document covers: a calendar year, an academic year
// ("2023-2024") or a date range (dates as officials write them, see
// ParseWrittenDate). Any combination may be set.
type Period struct {
	Year         int    `json:"year,omitempty"`
	AcademicYear string `json:"academic_year,omitempty"`
	From         string `json:"from,omitempty"`
	To           string `json:"to,omitempty"`

	// Years is a span of several years as written: «2021-2024»,
	// «2019–2024 гг.».
	Years string `json:"years,omitempty"`
}

// ApprovalKind is the kind of stamp.
type ApprovalKind string

// Approval kinds.
const (
	ApprovalApprove  ApprovalKind = "approve"           // «УТВЕРЖДАЮ»: position, signature, name, date/basis
	ApprovalByOrder  ApprovalKind = "approved_by_order" // «УТВЕРЖДЕНА приказом … от … № …»
	ApprovalAgree    ApprovalKind = "agree"             // «СОГЛАСОВАНО», including a council protocol
	ApprovalReviewed ApprovalKind = "reviewed"          // «РАССМОТРЕНО»
	ApprovalSeal     ApprovalKind = "seal"              // «М.П.»
)

var approvalKinds = []ApprovalKind{ApprovalApprove, ApprovalByOrder, ApprovalAgree, ApprovalReviewed, ApprovalSeal}

// Approval is one stamp on the first page.
type Approval struct {
	Kind ApprovalKind `json:"kind"`
	// Title replaces the standard heading of the kind, e.g. «Утверждаю» or
	// «Согласована на педагогическом совете».
	Title    string `json:"title,omitempty"`
	Position string `json:"position,omitempty"` // «директор МКОУ СОШ …»
	Issuer   string `json:"issuer,omitempty"`   // whose order or council: «Управления образования»
	Name     string `json:"name,omitempty"`     // И.О. Фамилия
	// Date as written: «30.08.2023», «30.08.2023г.», ««15» мая 2023 года».
	Date   string `json:"date,omitempty"`
	Number string `json:"number,omitempty"` // order or protocol number
	// Basis is the line as written («приказ № 55 от 31.08.2023г.»); when set
	// it is printed verbatim instead of a line composed from Number and Date.
	Basis string `json:"basis,omitempty"`
	// Side is "left" or "right"; empty puts agreements left and approvals right.
	Side string `json:"side,omitempty"`
	// Lines are the stamp's lines as written, printed in this order after
	// the heading: «на заседании педагогического совета», «Протокол № 1 от
	// 30.08.2023г.», «_____________ М.В. Малахинова», «М.п.». With Lines the
	// stamp is its heading and these lines only: position, issuer, name,
	// date, number and basis are then left empty (validation says so), and
	// underscores are printed only where a line has them.
	Lines []string `json:"lines,omitempty"`
	// Heading false prints no heading line at all (a stamp whose original
	// starts with its text, «Принято на заседании…»); omitted or true
	// prints Title, else the template's label of the kind.
	Heading *bool `json:"heading,omitempty"`
	// SignatureLine false prints the name of a composed stamp without the
	// «____________» before it; omitted or true keeps them.
	SignatureLine *bool `json:"signature_line,omitempty"`
}

// HasHeading reports whether the stamp prints a heading line.
func (a Approval) HasHeading() bool { return a.Heading == nil || *a.Heading }

// HasSignatureLine reports whether a composed stamp prints underscores
// for the signature before the name.
func (a Approval) HasSignatureLine() bool { return a.SignatureLine == nil || *a.SignatureLine }

// Reference is the requisites line of a stamp: Basis as written when set;
// otherwise «от ДД.ММ.ГГГГ № N» from Date and Number (ГОСТ Р 7.0.97 order),
// or the date alone. Empty when none is known.
func (a Approval) Reference() string {
	switch {
	case a.Basis != "":
		return a.Basis
	case a.Number != "" && a.Date != "":
		return "от " + a.Date + " № " + a.Number
	case a.Number != "":
		return "№ " + a.Number
	}
	return a.Date
}

// Placement is the side the stamp goes on: Side when set, otherwise
// agreements left and approvals right, as officials place them.
func (a Approval) Placement() string {
	if a.Side != "" {
		return a.Side
	}
	switch a.Kind {
	case ApprovalAgree, ApprovalReviewed:
		return "left"
	}
	return "right"
}

// Block is one body element. Exactly one field is set.
type Block struct {
	Heading   *Heading   `json:"heading,omitempty"`
	Paragraph *Paragraph `json:"paragraph,omitempty"`
	List      *List      `json:"list,omitempty"`
	Passport  *Passport  `json:"passport,omitempty"`
	Plan      *Plan      `json:"plan,omitempty"`
	Table     *Table     `json:"table,omitempty"`
	Signature *Signature `json:"signature,omitempty"`
	PageBreak *PageBreak `json:"page_break,omitempty"`
	Contents  *Contents  `json:"contents,omitempty"`
	Chart     *Chart     `json:"chart,omitempty"`
}

// Type names the block's kind ("heading", "plan", …) or "" when none is set.
func (b Block) Type() string {
	switch {
	case b.Heading != nil:
		return "heading"
	case b.Paragraph != nil:
		return "paragraph"
	case b.List != nil:
		return "list"
	case b.Passport != nil:
		return "passport"
	case b.Plan != nil:
		return "plan"
	case b.Table != nil:
		return "table"
	case b.Signature != nil:
		return "signature"
	case b.PageBreak != nil:
		return "page_break"
	case b.Contents != nil:
		return "contents"
	case b.Chart != nil:
		return "chart"
	}
	return ""
}

// Heading is a centred bold heading inside the body.
type Heading struct {
	Text  string `json:"text"`
	Level int    `json:"level,omitempty"` // 1 (default) … 3
	Align string `json:"align,omitempty"` // center (default), left
	// Numbered false leaves the heading out of the document's heading
	// numbering («Паспорт программы», «Введение»); it keeps its place in
	// the contents.
	Numbered *bool `json:"numbered,omitempty"`
}

// Paragraph is narrative text. Newlines inside Text are line breaks.
type Paragraph struct {
	Text  string `json:"text"`
	Align string `json:"align,omitempty"` // justify (default, first-line indent), left, center, right
	// Indent false prints a justified or left-aligned paragraph without the
	// template's first-line indent (a line of requisites, «Исполнитель: …»);
	// omitted or true keeps it. Centred and right-aligned paragraphs have
	// none either way.
	Indent *bool `json:"indent,omitempty"`
}

// List is a bulleted or numbered list; items may hold nested lists.
type List struct {
	Ordered bool       `json:"ordered,omitempty"`
	Marker  string     `json:"marker,omitempty"` // bullet for unordered lists; default «–»
	Start   int        `json:"start,omitempty"`  // first number of an ordered list; default 1
	Items   []ListItem `json:"items"`
}

// ListItem is one entry. In JSON a plain string is shorthand for {"text": …}.
type ListItem struct {
	Text string `json:"text"`
	List *List  `json:"list,omitempty"` // nested list
}

// Passport is the two-column «паспорт» table: label → content.
type Passport struct {
	Rows []PassportRow `json:"rows"`
}

// PassportRow is one line of a passport.
type PassportRow struct {
	Label string  `json:"label"`
	Value Content `json:"value"`
}

// Plan is the table of measures. Its column set is data: taken from the
// document when Columns is set, otherwise from the template. Its measures
// are grouped in Sections, or — a plan as many municipal ones are, a list
// of measures without sections — given directly in Items; exactly one of
// the two is set.
type Plan struct {
	Columns []Column `json:"columns,omitempty"`
	// Numbering says where section and measure numbers come from:
	// NumberingAuto ("" or "auto") generates the ones the document leaves
	// out, NumberingAsWritten prints only the numbers it gives.
	Numbering string    `json:"numbering,omitempty"`
	Items     []Measure `json:"items,omitempty"`
	// Sections is the last field: WriteJSON relies on it (and on Items
	// being last when Sections is empty).
	Sections []Section `json:"sections,omitempty"`
}

// Plan numbering modes (Plan.Numbering).
const (
	NumberingAuto      = "auto"
	NumberingAsWritten = "as_written"
)

// Column declares one plan column. Key names the cell in each measure; the
// key "number" shows the measure number.
type Column struct {
	Key   string  `json:"key"`
	Title string  `json:"title"`
	Width float64 `json:"width,omitempty"` // relative weight; default 1
	Align string  `json:"align,omitempty"` // left (default), center, right
	// Required makes an empty cell in this column a validation error.
	Required bool `json:"required,omitempty"`
}

// NumberKey is the column key that shows measure and section numbers.
const NumberKey = "number"

// Section is a group of measures, drawn as a row spanning the table with
// its number and title. A section with neither (Plan.SectionRow) draws no
// row: its measures simply follow the ones before.
type Section struct {
	Number string    `json:"number,omitempty"` // as written («1.», «I.»); generated when empty and numbering is auto
	Title  string    `json:"title,omitempty"`
	Items  []Measure `json:"items"`
}

// Measure is one row of a plan. In JSON it is an object whose keys are the
// column keys (holding Content) plus the reserved keys number, status, note.
type Measure struct {
	Number string             // as written («1.1», «10.»); generated when empty
	Status Status             // monitoring status
	Note   string             // completion note for monitoring
	Cells  map[string]Content // column key → content
}

// Reserved measure keys that are not columns.
var reservedMeasureKeys = []string{"number", "status", "note"}

// Status is the monitoring state of a measure.
type Status string

// Statuses, with their Russian labels in StatusLabel.
const (
	StatusNone       Status = ""
	StatusNotStarted Status = "not_started"
	StatusInProgress Status = "in_progress"
	StatusDone       Status = "done"
	StatusOverdue    Status = "overdue"
	StatusCancelled  Status = "cancelled"
)

var statuses = []Status{StatusNotStarted, StatusInProgress, StatusDone, StatusOverdue, StatusCancelled}

// Label is the Russian label of a status («Выполнено»), "" for none.
func (s Status) Label() string {
	switch s {
	case StatusNotStarted:
		return "Не начато"
	case StatusInProgress:
		return "В работе"
	case StatusDone:
		return "Выполнено"
	case StatusOverdue:
		return "Просрочено"
	case StatusCancelled:
		return "Отменено"
	}
	return ""
}

// Statuses lists the statuses in drop-down order.
func Statuses() []Status { return append([]Status(nil), statuses...) }

// Table is a generic table: a header row (unless Header is false), rows of
// cells, optionally numeric columns with computed totals and group titles
// above the column titles (see table.go).
type Table struct {
	Columns []TableColumn `json:"columns"`
	// Header false prints no header row (nor group titles), and a table
	// continued on the next page repeats none; omitted or true prints it.
	Header *bool `json:"header,omitempty"`
	// Groups are titles spanning several columns, in a header row above
	// the column titles («Объём финансирования, тыс. руб.» over the years).
	Groups []TableGroup `json:"groups,omitempty"`
	// TotalRow is the label of a row of column totals («Всего», «Итого»)
	// printed in the first column: the last row when its first cell is this
	// label (its numbers are checked), else a row appended (see Numbers).
	TotalRow string `json:"total_row,omitempty"`
	// Rows come last: WriteJSON writes them one at a time after the rest.
	Rows [][]Content `json:"rows"`
}

// TableColumn is a header cell with a relative width, and what its cells
// hold: text, or numbers printed with a decimal comma.
type TableColumn struct {
	Title string  `json:"title"`
	Width float64 `json:"width,omitempty"`
	// Type is "text" (default), "number" or "money": the cells of the
	// last two are numbers, right-aligned unless Align says otherwise.
	Type string `json:"type,omitempty"`
	// Unit is printed after the title: «2021» and «тыс. руб.» give
	// «2021, тыс. руб.».
	Unit string `json:"unit,omitempty"`
	// Decimals is how many digits follow the comma; omitted, the most any
	// cell of the column writes (a total column: at least its summands').
	Decimals *int `json:"decimals,omitempty"`
	// Align is left, center or right; omitted: right for numbers, left
	// for text.
	Align string `json:"align,omitempty"`
	// Total makes the column the sum of the row's other numeric columns;
	// a cell left empty is computed, a cell given must equal the sum.
	Total bool `json:"total,omitempty"`
}

// TableGroup is a title over the columns From … From+Span-1 (numbered
// from 1, as printed).
type TableGroup struct {
	Title string `json:"title"`
	From  int    `json:"from"`
	Span  int    `json:"span"`
}

// Signature is the closing line: position left, И.О. Фамилия right.
type Signature struct {
	Position string `json:"position"`
	Name     string `json:"name"`
	Date     string `json:"date,omitempty"`
}
