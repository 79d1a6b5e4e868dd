package document

import (
	"slices"
	"strconv"
	"strings"
)

// structure checks the document-level structure fields: the appendix
// grif, the heading numbering scheme, one contents block, and, when the
// rules name a template version, that the version prints every feature
// the document uses.
func (v *validator) structure(d *Document) {
	if a := d.Appendix; a != nil {
		v.text("appendix.number", a.Number)
		v.text("appendix.to", a.To)
		v.text("appendix.order_number", a.OrderNumber)
		v.text("appendix.reference", a.Reference)
		v.date("appendix.date", a.Date)
	}
	switch d.HeadingNumbering {
	case "", NumberingNone, NumberingDecimal, NumberingRoman:
	default:
		v.add("heading_numbering", "недопустимая нумерация заголовков «%s»; допустимо: none, decimal, roman", d.HeadingNumbering)
	}
	first := -1
	for i, b := range d.Body {
		if b.Contents == nil {
			continue
		}
		if first >= 0 {
			v.add("body["+strconv.Itoa(i)+"].contents", "содержание уже есть в body[%d]; допустимо одно", first)
			continue
		}
		first = i
	}
	if v.rules.Template == "" {
		return
	}
	for _, u := range d.Features() {
		if slices.Contains(v.rules.Features, u.Feature) {
			continue
		}
		msg := "шаблон " + v.rules.Template + " не печатает " + FeatureNames[u.Feature] + " (" + u.Feature + ")"
		var refs []string
		if v.rules.FeatureVersions != nil {
			refs = v.rules.FeatureVersions(u.Feature)
		}
		if len(refs) > 0 {
			msg += "; выберите версию, где это есть: " + strings.Join(refs, ", ")
		} else {
			msg += "; ни одна версия шаблонов этого не печатает"
		}
		v.add(u.Path, "%s", msg)
	}
}

// years checks a span of years «2021-2024»: both four-digit years, the
// second after the first.
func (v *validator) years(path, s string) {
	a, b, ok := ParseYears(s)
	if !ok {
		v.add(path, "годы «%s» должны быть в виде ГГГГ-ГГГГ, например 2021-2024 или «2019–2024 гг.»", s)
		return
	}
	if b <= a {
		v.add(path, "годы «%s»: последний год должен быть позже первого", s)
	}
	v.text(path, s)
}
