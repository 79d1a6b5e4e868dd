package rollover_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/rollover"
)

const (
	seedSchool    = "001_49fbf96383fe353c" // school roadmap, academic year 2023-2024
	seedMunicipal = "000_f50bb33c8ce6181b" // municipal plan «на 2022 год» + analysis
)

func readSeed(t *testing.T, name string) (*document.Document, []byte) {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "seeds", name+".json"))
	if err != nil {
		t.Fatal(err)
	}
	d, err := document.DecodeBytes(raw)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return d, raw
}

func decode(t *testing.T, data []byte) *document.Document {
	t.Helper()
	d, err := document.DecodeBytes(data)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func roll(t *testing.T, d *document.Document, to string) (*document.Document, *rollover.Report) {
	t.Helper()
	out, rep, err := rollover.Roll(d, to)
	if err != nil {
		t.Fatalf("Roll(%q): %v", to, err)
	}
	if out == nil || rep == nil {
		t.Fatalf("Roll(%q) returned nil document or report", to)
	}
	return out, rep
}

// leaves flattens a document's JSON into path → scalar value, with paths as
// the validator writes them («body[2].plan.sections[0].items[3].deadline»).
// It works on the marshalled JSON, independently of the package's walker.
func leaves(t *testing.T, d *document.Document) map[string]string {
	t.Helper()
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, c := range v {
				p := k
				if path != "" {
					p = path + "." + k
				}
				walk(p, c)
			}
		case []any:
			for i, c := range v {
				walk(path+"["+strconv.Itoa(i)+"]", c)
			}
		case string:
			out[path] = v
		case json.Number:
			out[path] = v.String()
		case bool:
			out[path] = strconv.FormatBool(v)
		}
	}
	walk("", tree)
	return out
}

// diff lists the leaves that differ; a missing leaf counts as "".
func diff(a, b map[string]string) map[string][2]string {
	out := map[string][2]string{}
	for k, v := range a {
		if b[k] != v {
			out[k] = [2]string{v, b[k]}
		}
	}
	for k, v := range b {
		if _, ok := a[k]; !ok && v != "" {
			out[k] = [2]string{"", v}
		}
	}
	return out
}

var digitsRE = regexp.MustCompile(`\d+`)

// yearRuns returns the byte ranges of the years (1990–2100) in s, skipping
// numbers after «№».
func yearRuns(s string) [][2]int {
	var out [][2]int
	for _, m := range digitsRE.FindAllStringIndex(s, -1) {
		if m[1]-m[0] != 4 {
			continue
		}
		v, _ := strconv.Atoi(s[m[0]:m[1]])
		if v < 1990 || v > 2100 || strings.HasSuffix(strings.TrimRight(s[:m[0]], " \u00a0"), "№") {
			continue
		}
		out = append(out, [2]int{m[0], m[1]})
	}
	return out
}

// plusYears adds n to every year of s.
func plusYears(s string, n int) string {
	runs := yearRuns(s)
	for i := len(runs) - 1; i >= 0; i-- {
		r := runs[i]
		v, _ := strconv.Atoi(s[r[0]:r[1]])
		s = s[:r[0]] + strconv.Itoa(v+n) + s[r[1]:]
	}
	return s
}

// checkReportMatchesDiff asserts that the report lists exactly the strings
// that differ between the input and output JSON, with their values.
func checkReportMatchesDiff(t *testing.T, in, out *document.Document, rep *rollover.Report) map[string][2]string {
	t.Helper()
	d := diff(leaves(t, in), leaves(t, out))
	if len(rep.Changes) != len(d) {
		t.Errorf("report lists %d changes, JSON differs in %d strings", len(rep.Changes), len(d))
	}
	seen := map[string]bool{}
	for _, c := range rep.Changes {
		if seen[c.Path] {
			t.Errorf("change %s reported twice", c.Path)
		}
		seen[c.Path] = true
		want, ok := d[c.Path]
		if !ok {
			t.Errorf("reported change %s: «%s» → «%s» is not a difference in the JSON", c.Path, c.Before, c.After)
			continue
		}
		if want != [2]string{c.Before, c.After} {
			t.Errorf("change %s: report «%s» → «%s», JSON «%s» → «%s»", c.Path, c.Before, c.After, want[0], want[1])
		}
	}
	for p, v := range d {
		if !seen[p] {
			t.Errorf("difference %s: «%s» → «%s» missing from the report", p, v[0], v[1])
		}
	}
	return d
}

// checkYearsAccounted asserts, string by string, that every year of the
// input either moved by exactly shift (with nothing but digits changing) or
// appears in Report.Kept for that path.
// stampLineRE is the path of a stamp's line as written.
var stampLineRE = regexp.MustCompile(`^approvals\[\d+\]\.lines\[\d+\]$`)

func checkYearsAccounted(t *testing.T, in, out *document.Document, rep *rollover.Report, shift int) {
	t.Helper()
	kept := map[string]int{}
	for _, k := range rep.Kept {
		if k.Why == "" || k.Text == "" || !strings.Contains(k.Text, k.Year) {
			t.Errorf("kept %s: incomplete entry %+v", k.Path, k)
		}
		n := len(yearRuns(k.Year))
		if n == 0 {
			t.Errorf("kept %s: «%s» holds no year", k.Path, k.Year)
		}
		kept[k.Path] += n
	}
	a, b := leaves(t, in), leaves(t, out)
	unchanged := map[string]int{}
	for p, s := range a {
		runs := yearRuns(s)
		o := b[p]
		if len(o) != len(s) {
			// Only requisites may be cleared or blanked: a stamp's basis
			// or one of its lines as written.
			if o != "" && !strings.HasSuffix(p, ".basis") && !stampLineRE.MatchString(p) {
				t.Errorf("%s: length changed: «%s» → «%s»", p, s, o)
			}
			continue
		}
		if digitsRE.ReplaceAllString(s, "0") != digitsRE.ReplaceAllString(o, "0") {
			t.Errorf("%s: more than digits changed: «%s» → «%s»", p, s, o)
		}
		for _, r := range runs {
			if s[r[0]:r[1]] == o[r[0]:r[1]] {
				unchanged[p]++
				continue
			}
			v, _ := strconv.Atoi(s[r[0]:r[1]])
			if got := o[r[0]:r[1]]; got != strconv.Itoa(v+shift) {
				t.Errorf("%s: year %d became %s, want %d", p, v, got, v+shift)
			}
		}
	}
	for p, n := range unchanged {
		if p == "period.year" {
			continue
		}
		if kept[p] != n {
			t.Errorf("%s: %d years left unchanged, %d reported as kept", p, n, kept[p])
		}
	}
	for p, n := range kept {
		if unchanged[p] != n && !strings.HasSuffix(p, ".basis") && !stampLineRE.MatchString(p) {
			t.Errorf("%s: %d years reported as kept, %d unchanged", p, n, unchanged[p])
		}
	}
}

func findKept(rep *rollover.Report, year, text string) *rollover.Kept {
	for i, k := range rep.Kept {
		if k.Year == year && strings.Contains(k.Text, text) {
			return &rep.Kept[i]
		}
	}
	return nil
}

func TestRollSchoolRoadmap(t *testing.T) {
	d, raw := readSeed(t, seedSchool)
	out, rep := roll(t, d, "2024-2025")

	if !reflect.DeepEqual(d, decode(t, raw)) {
		t.Error("Roll modified its input")
	}
	data, err := json.Marshal(out)
	if err != nil {
		t.Fatal(err)
	}
	back, err := document.DecodeBytes(data)
	if err != nil {
		t.Fatalf("rolled document does not decode: %v", err)
	}
	if err := document.Validate(back); err != nil {
		t.Errorf("rolled document does not validate: %v", err)
	}
	if rep.From != "2023-2024" || rep.To != "2024-2025" || rep.Shift != 1 {
		t.Errorf("report header %q → %q shift %d", rep.From, rep.To, rep.Shift)
	}
	if out.Period == nil || out.Period.AcademicYear != "2024-2025" {
		t.Errorf("period = %+v, want academic_year 2024-2025", out.Period)
	}

	// Every deadline year moves by exactly one; nothing else in the cell changes.
	ip, op := d.Body[2].Plan, out.Body[2].Plan
	withYear := 0
	for si, s := range ip.Sections {
		for ii, m := range s.Items {
			before := m.Cells["deadline"].Plain()
			after := op.Sections[si].Items[ii].Cells["deadline"].Plain()
			if want := plusYears(before, 1); after != want {
				t.Errorf("deadline %s: «%s» → «%s», want «%s»", m.Number, before, after, want)
			}
			if len(yearRuns(before)) > 0 {
				withYear++
			}
		}
	}
	if withYear != 17 {
		t.Errorf("%d deadlines with a year in seed 001, want 17 (test data changed?)", withYear)
	}

	got := leaves(t, out)
	orig := leaves(t, d)
	for path, want := range map[string]string{
		"period.academic_year":                            "2024-2025",
		"body[0].passport.rows[0].value":                  "Дорожная карта «Повышение качества образования на 2024-2025 г.»",
		"body[2].plan.sections[0].items[0].deadline":      "Февраль 2025г.",
		"body[2].plan.sections[0].items[6].actions":       "Создание плана ВСОКО на 2024-2025учебный год",
		"body[2].plan.sections[1].items[4].deadline":      "Октябрь 2024",
		"body[2].plan.sections[3].items[0].title":         "Участие и результативность в ГИА-2025",
		"body[2].plan.sections[3].items[0].deadline":      "По расписанию ГИА-2025",
		"body[2].plan.sections[3].items[0].product":       "Результаты ГИА-2025",
		"body[2].plan.sections[3].items[1].title":         "Проведение совещания по итогам результатов мониторинговых исследований качества образования, ГИА - 2025",
		"body[2].plan.sections[3].items[1].actions":       "Подготовка к проведению совещания по итогам результатов мониторинговых исследований качества образования, государственной итоговой аттестации-2025",
		"body[2].plan.sections[3].items[2].product":       "Аналитическая справка. карта на 2024-2025 учебный год",
		"approvals[0].basis":                              "Протокол № ___ от __.__.____",
		"approvals[1].basis":                              "приказ № ___ от __.__.____",
		"body[2].plan.sections[0].items[7].deadline":      "на протяжении года",
		"body[0].passport.rows[2].value":                  "Директор МКОУ СОШ с.п. Кременчуг – Константиновское – М.В. Багова",
		"body[2].plan.sections[3].items[1].deadline":      "Август 2025",
		"body[2].plan.sections[0].items[1].deadline":      "Май 2024г.",
		"body[2].plan.sections[2].items[5].deadline":      "Март",
		"body[2].plan.sections[0].items[9].title":         "Создание системы кадровой поддержки: организация информационной помощи педагогам 65+",
		"body[2].plan.sections[3].items[2].actions":       "Выявление мероприятий способствующих положительной динамике качества образования обучающихся и планирование мероприятий по составлению Дорожной карты на 2024-2025 учебный год.",
		"body[0].passport.rows[1].value[0].list.items[0]": "Федеральный закон от 29.12.2012 №273 -ФЗ «Об образовании в Российской Федерации»;",
	} {
		if got[path] != want {
			t.Errorf("%s = «%s», want «%s»", path, got[path], want)
		}
	}
	// The bases of the roadmap are normative references: untouched.
	for i := 0; i < 3; i++ {
		p := fmt.Sprintf("body[0].passport.rows[1].value[0].list.items[%d]", i)
		if got[p] != orig[p] {
			t.Errorf("%s changed: «%s» → «%s»", p, orig[p], got[p])
		}
	}
	for _, date := range []string{"29.12.2012", "26.12.2017", "22.04.2023"} {
		if !strings.Contains(got["body[0].passport.rows[1].value[0].list.items[0]"]+
			got["body[0].passport.rows[1].value[0].list.items[1]"]+
			got["body[0].passport.rows[1].value[0].list.items[2]"], date) {
			t.Errorf("normative date %s lost", date)
		}
	}
	for _, a := range out.Approvals {
		if a.Date != "" || a.Number != "" {
			t.Errorf("approval %q keeps requisites date %q number %q", a.Title, a.Date, a.Number)
		}
	}
	if out.Date != "" || out.Number != "" {
		t.Errorf("document date %q number %q not cleared", out.Date, out.Number)
	}

	for _, c := range []struct{ year, text, why string }{
		{"2012", "29.12.2012", "дата нормативного акта"},
		{"2017", "26.12.2017", "дата нормативного акта"},
		{"2023", "22.04.2023", "дата нормативного акта"},
		{"2023", "на 2023г.", "название нормативного акта"},
	} {
		k := findKept(rep, c.year, c.text)
		if k == nil {
			t.Errorf("kept years lack %s («%s»): %+v", c.year, c.text, rep.Kept)
			continue
		}
		if k.Why != c.why || !strings.HasPrefix(k.Path, "body[0].passport.rows[1].value[0].list.items[") {
			t.Errorf("kept %s: %+v, want reason %q", c.year, *k, c.why)
		}
	}

	d2 := checkReportMatchesDiff(t, d, out, rep)
	if len(d2) < 25 {
		t.Errorf("only %d strings changed; the seed has more years to move", len(d2))
	}
	checkYearsAccounted(t, d, out, rep, 1)

	// Changes come in document order.
	if rep.Changes[0].Path != "period.academic_year" || !strings.HasPrefix(rep.Changes[1].Path, "approvals[0]") {
		t.Errorf("first changes %v, want period then approvals", rep.Changes[:2])
	}
	if !reflect.DeepEqual(d, decode(t, raw)) {
		t.Error("Roll modified its input")
	}
}

func TestRollMunicipalPlanCalendarYear(t *testing.T) {
	d, raw := readSeed(t, seedMunicipal)
	if d.Period == nil || d.Period.Year != 2022 || d.Period.AcademicYear != "" {
		t.Fatalf("seed 000 period = %+v, want calendar year 2022", d.Period)
	}
	out, rep := roll(t, d, "2023")
	if !reflect.DeepEqual(d, decode(t, raw)) {
		t.Error("Roll modified its input")
	}
	if rep.From != "2022" || rep.To != "2023" || rep.Shift != 1 {
		t.Errorf("report header %q → %q shift %d", rep.From, rep.To, rep.Shift)
	}
	if out.Period.Year != 2023 {
		t.Errorf("period.year = %d, want 2023", out.Period.Year)
	}
	if !strings.HasSuffix(out.Subtitle, "в Терском муниципальном районе на 2023 год") {
		t.Errorf("subtitle = «%s»", out.Subtitle)
	}
	got := leaves(t, out)
	orig := leaves(t, d)
	for path, want := range map[string]string{
		"body[0].plan.sections[0].items[1].title[1].list.items[0]": "подготовка аналитического отчета по результатам ВПР за 2022-2023 учебный год;",
		"body[0].plan.sections[0].items[1].title[1].list.items[1]": "анализ результатов ГИА-2023",
		"body[0].plan.sections[4].items[1].deadline":               "Декабрь 2023 г.",
		"body[15].heading.text":                                    "Задачи и рекомендации на 2023 год",
	} {
		if got[path] != want {
			t.Errorf("%s = «%s», want «%s»", path, got[path], want)
		}
	}
	// The analysis narrative about 2021-2022 stays as written and is reported.
	for _, c := range []struct{ path, year string }{
		{"body[3].paragraph.text", "2021-2022"},
		{"body[6].list.items[0]", "2022"},
		{"body[6].list.items[5]", "2022"},
		{"body[9].paragraph.text", "2022"},
	} {
		if got[c.path] != orig[c.path] {
			t.Errorf("%s changed: «%s» → «%s»", c.path, orig[c.path], got[c.path])
		}
		found := false
		for _, k := range rep.Kept {
			if k.Path == c.path && k.Year == c.year && strings.Contains(k.Why, "аналитический") {
				found = true
			}
		}
		if !found {
			t.Errorf("no kept entry for %s %s: %+v", c.path, c.year, rep.Kept)
		}
	}
	checkReportMatchesDiff(t, d, out, rep)
	checkYearsAccounted(t, d, out, rep, 1)

	var buf bytes.Buffer
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	text := buf.String()
	for _, want := range []string{
		"Перенос с 2022 на 2023 (+1 год)\n",
		"Изменено (6):\n",
		"  subtitle: «(«Дорожная карта») по работе",
		"на 2022 год» → «(«Дорожная карта»)",
		"Оставлено без изменений (4):\n",
		"  body[3].paragraph.text: «В программу поддержки ШНОР в 2021-2022 учебном году вошли 7…» — аналитический текст о прошедшем периоде\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("report lacks %q:\n%s", want, text)
		}
	}
}

func TestRollShiftByTwo(t *testing.T) {
	d, _ := readSeed(t, seedSchool)
	out, rep := roll(t, d, "2025/2026")
	if rep.Shift != 2 || rep.To != "2025-2026" || out.Period.AcademicYear != "2025-2026" {
		t.Fatalf("shift %d to %q period %+v", rep.Shift, rep.To, out.Period)
	}
	for si, s := range d.Body[2].Plan.Sections {
		for ii, m := range s.Items {
			before := m.Cells["deadline"].Plain()
			after := out.Body[2].Plan.Sections[si].Items[ii].Cells["deadline"].Plain()
			if want := plusYears(before, 2); after != want {
				t.Errorf("deadline %s: «%s» → «%s», want «%s»", m.Number, before, after, want)
			}
		}
	}
	checkReportMatchesDiff(t, d, out, rep)
	checkYearsAccounted(t, d, out, rep, 2)
	var buf bytes.Buffer
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "Перенос с 2023-2024 на 2025-2026 (+2 года)\n") {
		t.Errorf("header: %q", strings.SplitN(buf.String(), "\n", 2)[0])
	}
	for _, to := range []string{"2024–2025", " 2024 / 2025 ", "2024-2025"} {
		if _, rep, err := rollover.Roll(d, to); err != nil || rep.Shift != 1 {
			t.Errorf("Roll(%q): shift %v, err %v", to, rep, err)
		}
	}
}

func TestFebruary29(t *testing.T) {
	d := phraseDoc(inDeadline, "до 29.02.2024")
	d.Period = &document.Period{AcademicYear: "2023-2024", From: "29.02.2024", To: "31.05.2024"}
	out, _, err := rollover.Roll(d, "2027-2028") // 2028 is a leap year
	if err != nil {
		t.Fatal(err)
	}
	if got := phraseText(out, inDeadline); got != "до 29.02.2028" {
		t.Errorf("deadline %q", got)
	}
	out, _, err = rollover.Roll(d, "2024-2025")
	if err != nil {
		t.Fatal(err)
	}
	if out.Period.From != "28.02.2025" || out.Period.To != "31.05.2025" {
		t.Errorf("period %+v", out.Period)
	}
	if err := document.Validate(out); err != nil {
		t.Error(err)
	}
}

func TestBadTarget(t *testing.T) {
	school, _ := readSeed(t, seedSchool)
	municipal, _ := readSeed(t, seedMunicipal)
	for _, c := range []struct {
		d    *document.Document
		to   string
		want string
	}{
		{school, "2024", "укажите учебный год в виде ГГГГ-ГГГГ, например 2024-2025"},
		{school, "2023-2025", "второй год учебного года должен следовать за первым"},
		{school, "abc", "ожидается учебный год в виде ГГГГ-ГГГГ (например, 2024-2025) или календарный год ГГГГ"},
		{school, "", "ожидается учебный год в виде ГГГГ-ГГГГ"},
		{school, "2024-2025 год", "ожидается учебный год в виде ГГГГ-ГГГГ"},
		{school, "2022-2023", "должен быть позже исходного (2023-2024)"},
		{school, "2023-2024", "должен быть позже исходного (2023-2024)"},
		{school, "2300-2301", "вне допустимого диапазона"},
		{municipal, "2021", "должен быть позже исходного (2022)"},
		{municipal, "2022", "должен быть позже исходного (2022)"},
		{municipal, "2023-2024", "укажите календарный год в виде ГГГГ, например 2023"},
	} {
		out, rep, err := rollover.Roll(c.d, c.to)
		var te *rollover.TargetError
		if !errors.As(err, &te) {
			t.Errorf("Roll(%q): err %v, want *TargetError", c.to, err)
			continue
		}
		if te.To != c.to || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "«"+c.to+"»") {
			t.Errorf("Roll(%q): %q, want it to contain %q", c.to, err, c.want)
		}
		if out != nil || rep != nil {
			t.Errorf("Roll(%q) returned a result with an error", c.to)
		}
	}
}

func TestNoPeriod(t *testing.T) {
	d := phraseDoc(inDeadline, "Май 2024г.")
	d.Period = nil
	_, _, err := rollover.Roll(d, "2024-2025")
	var pe *rollover.PeriodError
	if !errors.As(err, &pe) {
		t.Fatalf("err %v, want *PeriodError", err)
	}
	if !strings.Contains(err.Error(), "на 2023-2024 учебный год") || !strings.Contains(err.Error(), "period") {
		t.Errorf("message %q", err)
	}
	if _, _, err := rollover.Roll(nil, "2024-2025"); !errors.As(err, &pe) {
		t.Errorf("nil document: %v", err)
	}
	// A malformed academic year is named in the message.
	d.Period = &document.Period{AcademicYear: "2023"}
	if _, _, err := rollover.Roll(d, "2024-2025"); !errors.As(err, &pe) || !strings.Contains(err.Error(), "«2023»") {
		t.Errorf("malformed period: %v", err)
	}
}

func TestPeriodFromTitle(t *testing.T) {
	d := phraseDoc(inDeadline, "Май 2024г.")
	d.Period = nil
	d.Subtitle = "по повышению качества образования на 2023-2024 учебный год"
	out, rep := roll(t, d, "2024-2025")
	if rep.From != "2023-2024" || out.Subtitle != "по повышению качества образования на 2024-2025 учебный год" || out.Period != nil {
		t.Errorf("from %q subtitle %q period %+v", rep.From, out.Subtitle, out.Period)
	}
	if got := phraseText(out, inDeadline); got != "Май 2025г." {
		t.Errorf("deadline %q", got)
	}

	d.Subtitle = "по работе со ШНОР на 2022 год"
	out, rep = roll(t, d, "2023")
	if rep.From != "2022" || out.Subtitle != "по работе со ШНОР на 2023 год" {
		t.Errorf("from %q subtitle %q", rep.From, out.Subtitle)
	}
	if _, _, err := rollover.Roll(d, "2023-2024"); err == nil {
		t.Error("academic target accepted for a calendar-year document")
	}
}

func TestRequisitesAndMonitoringCleared(t *testing.T) {
	d := phraseDoc(inCell, "Совещание")
	d.Date, d.Number = "01.09.2023", "12-о"
	d.Period.From, d.Period.To = "01.09.2023", "31.05.2024"
	d.Approvals = []document.Approval{
		{Kind: document.ApprovalByOrder, Date: "31.08.2023", Number: "55"},
		{Kind: document.ApprovalApprove, Name: "М.В. Багова", Basis: "от «31» августа 2023 г. № 12/3"},
		{Kind: document.ApprovalAgree, Title: "Согласовано", Basis: "Протокол педсовета № 1"},
	}
	m := &d.Body[0].Plan.Sections[0].Items[0]
	m.Status, m.Note = document.StatusDone, "Выполнено 12.05.2024"
	m.Cells["zeta"] = document.Text("в мае 2024 года")
	m.Cells["alpha"] = document.Text("Май 2024")
	d.Body = append(d.Body, document.Block{Signature: &document.Signature{Position: "Директор", Name: "М.В. Багова", Date: "31.08.2023"}})

	out, rep := roll(t, d, "2024-2025")
	if out.Date != "" || out.Number != "" {
		t.Errorf("document date %q number %q", out.Date, out.Number)
	}
	if p := out.Period; p.From != "01.09.2024" || p.To != "31.05.2025" || p.AcademicYear != "2024-2025" {
		t.Errorf("period %+v", p)
	}
	a := out.Approvals
	if a[0].Date != "" || a[0].Number != "" || a[0].Basis != "от __.__.____ № ___" {
		t.Errorf("approval 0: %+v", a[0])
	}
	if a[1].Basis != "от «__» ________ ____ г. № ___" || a[1].Name != "М.В. Багова" {
		t.Errorf("approval 1: %+v", a[1])
	}
	if a[2].Basis != "Протокол педсовета № ___" {
		t.Errorf("approval 2: %+v", a[2])
	}
	om := out.Body[0].Plan.Sections[0].Items[0]
	if om.Status != document.StatusNone || om.Note != "" {
		t.Errorf("monitoring not reset: %q %q", om.Status, om.Note)
	}
	if out.Body[1].Signature.Date != "" {
		t.Errorf("signature date %q", out.Body[1].Signature.Date)
	}
	var paths []string
	for _, c := range rep.Changes {
		paths = append(paths, c.Path)
	}
	want := []string{
		"period.academic_year", "period.from", "period.to", "date", "number",
		"approvals[0].date", "approvals[0].number", "approvals[0].basis",
		"approvals[1].basis", "approvals[2].basis",
		// declared columns in order, then the others sorted, then monitoring
		"body[0].plan.sections[0].items[0].alpha", "body[0].plan.sections[0].items[0].zeta",
		"body[0].plan.sections[0].items[0].status", "body[0].plan.sections[0].items[0].note",
		"body[1].signature.date",
	}
	if !reflect.DeepEqual(paths, want) {
		t.Errorf("change paths\n%q\nwant\n%q", paths, want)
	}
	checkReportMatchesDiff(t, d, out, rep)
	checkYearsAccounted(t, d, out, rep, 1)
	if err := document.Validate(out); err == nil || !strings.Contains(err.Error(), "alpha") {
		// The undeclared cells are invalid in input and output alike; the
		// rest of the document must be valid.
		t.Errorf("validate: %v", err)
	}
}

func TestResultIsDeepCopy(t *testing.T) {
	d, raw := readSeed(t, seedSchool)
	out, _ := roll(t, d, "2024-2025")
	out.Title = "x"
	out.Period.AcademicYear = "x"
	out.Approvals[0].Basis = "x"
	out.Body[0].Passport.Rows[1].Value[0].List.Items[0].Text = "x"
	out.Body[0].Passport.Rows[0].Value[0].Text = "x"
	out.Body[1].Heading.Text = "x"
	p := out.Body[2].Plan
	p.Columns[1].Title = "x"
	p.Sections[0].Title = "x"
	p.Sections[0].Items[0].Cells["title"][0].Text = "x"
	p.Sections[0].Items[0].Cells["new"] = document.Text("x")
	if !reflect.DeepEqual(d, decode(t, raw)) {
		t.Error("changing the result changed the input")
	}
}

func TestDeterministic(t *testing.T) {
	d, _ := readSeed(t, seedSchool)
	_, a := roll(t, d, "2024-2025")
	for i := 0; i < 5; i++ {
		_, b := roll(t, d, "2024-2025")
		if !reflect.DeepEqual(a, b) {
			t.Fatal("two rolls of the same document differ")
		}
	}
	// The order of changes is the walk order of the document.
	d2, _ := readSeed(t, seedMunicipal)
	_, r := roll(t, d2, "2023")
	var order []string
	for _, c := range r.Changes {
		order = append(order, c.Path)
	}
	if !sort.SliceIsSorted(order, func(i, j int) bool { return pathLess(order[i], order[j]) }) {
		t.Errorf("changes out of document order: %q", order)
	}
}

// pathLess orders paths by document walk order for the seed shapes:
// period < title/subtitle < approvals < body, and numerically within body.
func pathLess(a, b string) bool {
	rank := func(p string) []int {
		head := map[string]int{"period": 0, "title": 1, "subtitle": 2, "date": 3, "number": 4, "approvals": 5, "body": 6}
		name := p
		if i := strings.IndexAny(p, ".["); i >= 0 {
			name = p[:i]
		}
		r := []int{head[name]}
		for _, m := range digitsRE.FindAllString(p, -1) {
			n, _ := strconv.Atoi(m)
			r = append(r, n)
		}
		return r
	}
	ra, rb := rank(a), rank(b)
	for i := 0; i < len(ra) && i < len(rb); i++ {
		if ra[i] != rb[i] {
			return ra[i] < rb[i]
		}
	}
	return len(ra) < len(rb)
}

func TestWriteText(t *testing.T) {
	rep := &rollover.Report{
		From: "2023-2024", To: "2024-2025", Shift: 1,
		Changes: []rollover.Change{{Path: "title", Before: "на 2023-2024\nучебный год", After: "на 2024-2025\nучебный год"}},
		Kept:    []rollover.Kept{{Path: "body[0].paragraph.text", Text: "…закон от 29.12.2012 №273-ФЗ…", Year: "2012", Why: "дата нормативного акта"}},
	}
	var buf bytes.Buffer
	if err := rep.WriteText(&buf); err != nil {
		t.Fatal(err)
	}
	want := "Перенос с 2023-2024 на 2024-2025 (+1 год)\n" +
		"Изменено (1):\n" +
		"  title: «на 2023-2024 учебный год» → «на 2024-2025 учебный год»\n" +
		"Оставлено без изменений (1):\n" +
		"  body[0].paragraph.text: «…закон от 29.12.2012 №273-ФЗ…» — дата нормативного акта\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	for shift, word := range map[int]string{1: "(+1 год)", 2: "(+2 года)", 5: "(+5 лет)", 11: "(+11 лет)", 21: "(+21 год)"} {
		buf.Reset()
		r := rollover.Report{From: "2000", To: strconv.Itoa(2000 + shift), Shift: shift}
		if err := r.WriteText(&buf); err != nil || !strings.Contains(buf.String(), word) {
			t.Errorf("shift %d: %q", shift, buf.String())
		}
	}
	var nilRep *rollover.Report
	if err := nilRep.WriteText(&buf); err == nil {
		t.Error("nil report: no error")
	}
}

// FuzzRoll checks on arbitrary text that Roll neither panics nor changes
// anything but year digits, and that the result stays decodable.
func FuzzRoll(f *testing.F) {
	for _, s := range []string{
		"Февраль 2024г.", "2023-2024учебный год", "ГИА - 2024", "приказ № 55 от 31.08.2023г.",
		"«Об утверждении на 2023г.»", "29.02.2024", "2023/24", "№ 2024", "«««2024", "2099-2100", "2100/01",
		"\n2024\n", "от 1 мая 2024 г.", "\xff2024", "1.1.2024.", "2024-2025-2026",
	} {
		f.Add(s, uint8(0))
	}
	f.Fuzz(func(t *testing.T, s string, w uint8) {
		pos := where(w % 7)
		d := phraseDoc(pos, "x"+s)
		out, rep, err := rollover.Roll(d, "2025-2026")
		if err != nil {
			t.Fatal(err)
		}
		in, got := phraseText(d, pos), phraseText(out, pos)
		if len(in) != len(got) || digitsRE.ReplaceAllString(in, "0") != digitsRE.ReplaceAllString(got, "0") {
			t.Fatalf("%q → %q: more than digits changed", in, got)
		}
		if _, err := json.Marshal(out); err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := rep.WriteText(&buf); err != nil {
			t.Fatal(err)
		}
	})
}
