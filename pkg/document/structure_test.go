package document

import (
	"errors"
	"slices"
	"strings"
	"testing"
)

func problemList(t *testing.T, err error) []string {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *ValidationError", err)
	}
	var out []string
	for _, p := range ve.Problems {
		out = append(out, p.Path+": "+p.Message)
	}
	return out
}

// "letterhead": false makes the organisation optional in the schema and
// in validation; without it the organisation is required as before.
func TestLetterheadFalseMakesOrganizationOptional(t *testing.T) {
	if _, err := DecodeAll([]byte(`{"kind":"roadmap","letterhead":false,"title":"Т","body":[{"paragraph":{"text":"П"}}]}`), nil); err != nil {
		t.Errorf("letterhead false without organisation: %v", err)
	}
	_, err := DecodeAll([]byte(`{"kind":"roadmap","title":"Т","body":[{"paragraph":{"text":"П"}}]}`), nil)
	if got := problemList(t, err); !slices.Contains(got, "organization: обязательное поле отсутствует") {
		t.Errorf("no organisation and no letterhead false: %q", got)
	}
	_, err = DecodeAll([]byte(`{"kind":"roadmap","letterhead":true,"title":"Т","body":[{"paragraph":{"text":"П"}}]}`), nil)
	if got := problemList(t, err); !slices.Contains(got, "organization: обязательное поле отсутствует") {
		t.Errorf("letterhead true without organisation: %q", got)
	}
}

func TestStructureValidation(t *testing.T) {
	ok := []string{
		`"period":{"years":"2021-2024"}`,
		`"period":{"years":"2019–2024 гг."}`,
		`"heading_numbering":"roman"`,
		`"appendix":{"number":"2","to":"к приказу","date":"10.02.2021","order_number":"12-п"}`,
	}
	for _, f := range ok {
		if _, err := DecodeAll([]byte(`{"kind":"roadmap","organization":{"full_name":"О"},"title":"Т",`+f+`,"body":[{"contents":{}},{"page_break":{}},{"heading":{"text":"З","numbered":false}}]}`), nil); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	bad := map[string]string{
		`"period":{"years":"2024-2021"}`:           "period.years: годы «2024-2021»: последний год должен быть позже первого",
		`"period":{"years":"2021"}`:                "period.years: годы «2021» должны быть в виде ГГГГ-ГГГГ",
		`"heading_numbering":"arabic"`:             "heading_numbering: ",
		`"appendix":{"date":"10.02.21"}`:           "appendix.date: ",
		`"body":[{"contents":{}},{"contents":{}}]`: "body[1].contents: содержание уже есть в body[0]",
	}
	for f, want := range bad {
		body := `,"body":[{"paragraph":{"text":"П"}}]`
		if strings.HasPrefix(f, `"body"`) {
			body = ""
		}
		_, err := DecodeAll([]byte(`{"kind":"roadmap","organization":{"full_name":"О"},"title":"Т",`+f+body+`}`), nil)
		got := problemList(t, err)
		if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, want) }) {
			t.Errorf("%s: problems %q, want one starting %q", f, got, want)
		}
	}
}

// A template version that lacks a feature the document uses refuses it,
// naming the field, the version and the versions that have it.
func TestFeatureGate(t *testing.T) {
	no := false
	d := &Document{Kind: KindRoadmap, Title: "Т", Letterhead: &no, Appendix: &Appendix{Number: "2"}, Place: "с. Урожайное, 2023 г.",
		Body: []Block{{Paragraph: &Paragraph{Text: "П"}}, {PageBreak: &PageBreak{}}}}
	r := Rules{Template: "school-roadmap@1.1.0", FeatureVersions: func(f string) []string { return []string{"programme-appendix@1.0.0"} }}
	got := problemList(t, r.Validate(d))
	want := []string{
		"letterhead: шаблон school-roadmap@1.1.0 не печатает документ без бланка организации (letterhead_optional); выберите версию, где это есть: programme-appendix@1.0.0",
		"appendix: шаблон school-roadmap@1.1.0 не печатает приложение (appendix); выберите версию, где это есть: programme-appendix@1.0.0",
		"body[1].page_break: шаблон school-roadmap@1.1.0 не печатает разрыв страницы (page_break); выберите версию, где это есть: programme-appendix@1.0.0",
	}
	if !slices.Equal(got, want) {
		t.Errorf("problems\n%q\nwant\n%q", got, want)
	}
	r.Features = []string{FeatureAppendix, FeaturePageBreak, FeatureLetterheadOptional}
	if err := r.Validate(d); err != nil {
		t.Errorf("with the features: %v", err)
	}
	if err := Validate(d); err != nil {
		t.Errorf("without a template: %v", err)
	}
}

func TestHeadingNumbers(t *testing.T) {
	no := false
	d := &Document{HeadingNumbering: NumberingRoman, Body: []Block{
		{Heading: &Heading{Text: "Введение", Numbered: &no}}, {Heading: &Heading{Text: "А"}}, {Heading: &Heading{Text: "Б", Level: 2}},
		{Heading: &Heading{Text: "В", Level: 3}}, {Paragraph: &Paragraph{Text: "п"}}, {Heading: &Heading{Text: "Г", Level: 2}}, {Heading: &Heading{Text: "Д"}},
		{Heading: &Heading{Text: "Е", Level: 2}},
	}}
	if got, want := d.HeadingNumbers(), []string{"", "I.", "1.", "1.1.", "", "2.", "II.", "1."}; !slices.Equal(got, want) {
		t.Errorf("roman %q, want %q", got, want)
	}
	d.HeadingNumbering = NumberingDecimal
	if got, want := d.HeadingNumbers(), []string{"", "1.", "1.1.", "1.1.1.", "", "1.2.", "2.", "2.1."}; !slices.Equal(got, want) {
		t.Errorf("decimal %q, want %q", got, want)
	}
	d.HeadingNumbering = ""
	if got := d.HeadingNumbers(); slices.ContainsFunc(got, func(s string) bool { return s != "" }) {
		t.Errorf("none %q", got)
	}
}
