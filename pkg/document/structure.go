package document

import (
	"strconv"
	"strings"

	"github.com/kartograf-ru/kartograf/internal/lazyre"
)

// Appendix is the appendix grif of ГОСТ Р 7.0.97-2025 («отметка о
// приложении»): «Приложение № 2 / к приказу Управления образования … /
// от 10.02.2021 № 12-п», right-aligned at the top of the first page. The
// word «Приложение» is the template's label (labels.appendix); everything
// else is the user's text as written.
type Appendix struct {
	// Number is the appendix number as written («2», «1.3»); empty prints
	// the label alone.
	Number string `json:"number,omitempty"`
	// To is the rest of the grif as written, newlines breaking lines: «к
	// приказу Управления образования администрации МО «Кабанский район»».
	To string `json:"to,omitempty"`
	// Date and OrderNumber give the requisites line «от ДД.ММ.ГГГГ № N»;
	// Reference, when set, is printed as written instead.
	Date        string `json:"date,omitempty"`
	OrderNumber string `json:"order_number,omitempty"`
	Reference   string `json:"reference,omitempty"`
}

// RequisitesLine is Reference as written, else «от <Date> № <OrderNumber>»
// (ГОСТ Р 7.0.97 order), or either part alone; empty when none is given.
func (a *Appendix) RequisitesLine() string {
	return Approval{Basis: a.Reference, Date: a.Date, Number: a.OrderNumber}.Reference()
}

// Lines are the grif's lines after the label: To broken at its newlines,
// then RequisitesLine, empty lines dropped.
func (a *Appendix) Lines() []string {
	var out []string
	for _, s := range append(strings.Split(a.To, "\n"), a.RequisitesLine()) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// PageBreak starts a new page: {"page_break": {}}.
type PageBreak struct{}

// Contents is the table of contents, generated from the body's headings.
type Contents struct {
	// Title is printed above the entries as written («Содержание»,
	// «Оглавление»); empty prints none.
	Title string `json:"title,omitempty"`
	// Levels is the deepest heading level listed, 1 … 3; 0 means 2.
	Levels int `json:"levels,omitempty"`
}

// MaxLevel is the deepest heading level the contents lists.
func (c *Contents) MaxLevel() int {
	if c.Levels <= 0 {
		return 2
	}
	return min(c.Levels, 3)
}

// Heading numbering schemes (Document.HeadingNumbering).
const (
	NumberingNone    = "none"
	NumberingDecimal = "decimal"
	NumberingRoman   = "roman"
)

// LetterheadShown reports whether the organisation lines are printed:
// Letterhead omitted or true.
func (d *Document) LetterheadShown() bool { return d.Letterhead == nil || *d.Letterhead }

// HeadingNumbers returns, for each body block, the number its heading
// carries under d.HeadingNumbering ("" for other blocks, unnumbered
// headings and the scheme "none"). Decimal: «1.», «1.1.», «1.1.1.»;
// roman: «I.» for level 1, then «1.», «1.1.» below it, counted within
// the level-1 heading. A heading resets the counters below its level.
func (d *Document) HeadingNumbers() []string {
	out := make([]string, len(d.Body))
	scheme := d.HeadingNumbering
	if scheme != NumberingDecimal && scheme != NumberingRoman {
		return out
	}
	var count [3]int
	for i, b := range d.Body {
		h := b.Heading
		if h == nil || (h.Numbered != nil && !*h.Numbered) {
			continue
		}
		lvl := h.Level
		if lvl <= 0 {
			lvl = 1
		}
		lvl = min(lvl, 3)
		count[lvl-1]++
		for j := lvl; j < 3; j++ {
			count[j] = 0
		}
		var parts []string
		start := 0
		if scheme == NumberingRoman {
			if lvl == 1 {
				out[i] = Roman(count[0]) + "."
				continue
			}
			start = 1
		}
		for j := start; j < lvl; j++ {
			parts = append(parts, strconv.Itoa(count[j]))
		}
		out[i] = strings.Join(parts, ".") + "."
	}
	return out
}

// Roman writes n (1 … 3999) in Roman numerals; other n in digits.
func Roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

var yearsRE = lazyre.New(`^(\d{4})\s*[-–—]\s*(\d{4})(?:\s*гг?\.?)?$`)

// ParseYears reads a span of years written «2021-2024», «2019–2024 гг.»:
// the first and last year, ok false when s is not such a span.
func ParseYears(s string) (first, last int, ok bool) {
	m := yearsRE.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return 0, 0, false
	}
	first, _ = strconv.Atoi(m[1])
	last, _ = strconv.Atoi(m[2])
	return first, last, true
}

// Features lists the template features d uses (templates.Manifest.Features
// must list each for the version to print d): "appendix", "cover",
// "page_break", "contents", "heading_numbering", "letterhead_optional",
// "charts",
// each with the JSON path of its first use. "place" is not among them:
// the field is as old as the contract, and versions without the feature
// have always accepted it and printed it nowhere; they still do.
func (d *Document) Features() []FeatureUse {
	var out []FeatureUse
	add := func(f, path string) {
		for _, u := range out {
			if u.Feature == f {
				return
			}
		}
		out = append(out, FeatureUse{Feature: f, Path: path})
	}
	if !d.LetterheadShown() {
		add(FeatureLetterheadOptional, "letterhead")
	}
	if d.Appendix != nil {
		add(FeatureAppendix, "appendix")
	}
	if d.Cover {
		add(FeatureCover, "cover")
	}
	if d.HeadingNumbering != "" && d.HeadingNumbering != NumberingNone {
		add(FeatureHeadingNumbering, "heading_numbering")
	}
	for i, b := range d.Body {
		switch {
		case b.PageBreak != nil:
			add(FeaturePageBreak, "body["+strconv.Itoa(i)+"].page_break")
		case b.Contents != nil:
			add(FeatureContents, "body["+strconv.Itoa(i)+"].contents")
		case b.Chart != nil:
			add(FeatureCharts, "body["+strconv.Itoa(i)+"].chart")
		}
	}
	return out
}

// FeatureUse is one template feature a document uses, at Path.
type FeatureUse struct {
	Feature string
	Path    string
}

// Template features: what a template version prints beyond the original
// contract. A version's manifest lists them in "features".
const (
	FeatureAppendix           = "appendix"
	FeaturePlace              = "place"
	FeatureCover              = "cover"
	FeaturePageBreak          = "page_break"
	FeatureContents           = "contents"
	FeatureHeadingNumbering   = "heading_numbering"
	FeatureLetterheadOptional = "letterhead_optional"
)

// FeatureNames are the Russian names of the features for messages.
var FeatureNames = map[string]string{
	FeatureAppendix:           "приложение",
	FeaturePlace:              "строку места и года издания",
	FeatureCover:              "титульный лист",
	FeaturePageBreak:          "разрыв страницы",
	FeatureContents:           "содержание",
	FeatureHeadingNumbering:   "нумерацию заголовков",
	FeatureLetterheadOptional: "документ без бланка организации",
	FeatureCharts:             "диаграммы",
}
