package service

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/marks"
	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/batch"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/registry"
)

// districtCount is the test's own count of the readable schools of a
// district zip.
type districtCount struct{ schools, done, total int }

// districtZip makes the monitoring workbooks of n schools from seed 001
// with pkg/batch, marks measures done in each workbook with excelize as a
// school would (school i: every measure whose index k has (k+i)%3 != 0),
// truncates the last workbook when broken is set, and zips the batch's
// folder as the methodologist gets it back.
func districtZip(t testing.TB, n int, broken bool) ([]byte, districtCount) {
	t.Helper()
	eng, err := engine()
	if err != nil {
		t.Fatal(err)
	}
	base, err := document.DecodeBytes(seed001(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, b := range base.Body {
		if b.Plan == nil {
			continue
		}
		for si := range b.Plan.Sections {
			for ii := range b.Plan.Sections[si].Items {
				b.Plan.Sections[si].Items[ii].Status, b.Plan.Sections[si].Items[ii].Note = "", ""
			}
		}
	}
	var schools []registry.School
	for i := range n {
		schools = append(schools, registry.School{
			ID: fmt.Sprintf("s%04d", i+1), ShortName: fmt.Sprintf("МКОУ СОШ № %d", i+1),
			FullName: fmt.Sprintf("Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа № %d»", i+1),
			District: "Баксанский муниципальный район", Director: "А.Х. Жилов", Row: i + 2,
		})
	}
	dir := t.TempDir()
	sum, err := batch.Run(context.Background(), batch.Job{Engine: eng, Base: base, Schools: schools,
		Formats: []kartograf.Format{kartograf.XLSX}, Out: dir})
	if err != nil || sum.Failed > 0 {
		t.Fatalf("batch: %v %+v", err, sum)
	}
	var count districtCount
	for i, s := range schools {
		name := filepath.Join(dir, s.ID+".xlsx")
		done := 0
		k := marks.Set(t, name, func(k int, _ string) document.Status {
			if (k+i)%3 == 0 {
				return document.StatusNone
			}
			done++
			return document.StatusDone
		})
		if k < 20 {
			t.Fatalf("%s: %d measures", name, k)
		}
		if broken && i == n-1 {
			data, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(name, data[:len(data)/2], 0o600); err != nil {
				t.Fatal(err)
			}
			continue
		}
		count.schools++
		count.done += done
		count.total += k
	}
	return marks.ZipDir(t, dir, "район"), count
}

// zipOf is a zip of the named entries.
func zipOf(t testing.TB, entries ...string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for i := 0; i+1 < len(entries); i += 2 {
		w, err := zw.Create(entries[i])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(entries[i+1]))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// formBody is a multipart form of the given parts: name, file name, data.
func formBody(t testing.TB, parts ...string) (*bytes.Buffer, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for i := 0; i+2 < len(parts); i += 3 {
		w, err := mw.CreateFormFile(parts[i], parts[i+1])
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(parts[i+2]))
	}
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return &body, mw.FormDataContentType()
}

// percent is the test's own share with a decimal comma and «%».
func percent(part, whole int) string {
	return strings.Replace(strconv.FormatFloat(float64(part)*100/float64(whole)+1e-9, 'f', 1, 64), ".", ",", 1) + "\u00a0%"
}

// texts are the headings and paragraphs of an analysis, one a line.
func texts(t testing.TB, body []byte) (*document.Document, string) {
	t.Helper()
	d, err := document.DecodeBytes(body)
	if err != nil {
		t.Fatalf("%v: %.300s", err, body)
	}
	var out strings.Builder
	for _, b := range d.Body {
		switch {
		case b.Heading != nil:
			out.WriteString(b.Heading.Text + "\n")
		case b.Paragraph != nil:
			out.WriteString(b.Paragraph.Text + "\n")
		}
	}
	return d, out.String()
}

// TestAnalyzeDistrictRoute: a zip of three schools' workbooks gives the
// district's analysis, with the test's own counts, in every format and as
// JSON, from the raw zip and from a form; a broken workbook is counted in
// the header and listed in the document.
func TestAnalyzeDistrictRoute(t *testing.T) {
	f := newFixture(t, nil)
	body, count := districtZip(t, 3, false)
	const org = "Управление образования Баксанского муниципального района"
	r := f.do(t, "POST", "/v1/analyze/district?date=15.03.2024&format=json&target=50&organization="+strings.ReplaceAll(org, " ", "%20"),
		bytes.NewReader(body), "Content-Type", "application/zip")
	if r.status != http.StatusOK {
		t.Fatalf("%d %.400s", r.status, r.body)
	}
	d, facts := texts(t, r.body)
	want := fmt.Sprintf("По состоянию на 15.03.2024 в районе 3 школы, выполнено %d из %d мероприятий (%s).", count.done, count.total, percent(count.done, count.total))
	if !strings.Contains(facts, want) {
		t.Errorf("no %q in:\n%s", want, facts)
	}
	if !strings.Contains(facts, "Целевого значения 50,0\u00a0%") {
		t.Errorf("no target fact in:\n%s", facts)
	}
	if d.Template != "analysis-report@1.0.0" || d.Organization.FullName != org {
		t.Errorf("template %q, organization %q", d.Template, d.Organization.FullName)
	}
	if got := r.header.Get(HeaderUnreadSchools); got != "0" {
		t.Errorf("%s: %q", HeaderUnreadSchools, got)
	}
	magic := map[kartograf.Format]string{kartograf.PDF: "%PDF-", kartograf.DOCX: "PK\x03\x04", kartograf.XLSX: "PK\x03\x04"}
	part := map[kartograf.Format]string{kartograf.DOCX: "word/charts/chart1.xml", kartograf.XLSX: "xl/workbook.xml"}
	for _, ff := range kartograf.Formats() {
		r := f.do(t, "POST", "/v1/analyze/district?date=2024-03-15&organization=%D0%A3%D0%9E&format="+string(ff), bytes.NewReader(body), "Content-Type", "application/zip")
		if r.status != http.StatusOK || r.header.Get(HeaderTemplate) != "analysis-report@1.0.0" {
			t.Fatalf("%s: %d %.300s", ff, r.status, r.body)
		}
		if !bytes.HasPrefix(r.body, []byte(magic[ff])) || r.header.Get("Content-Type") != ff.ContentType() {
			t.Errorf("%s: %q, starts %q", ff, r.header.Get("Content-Type"), r.body[:min(8, len(r.body))])
		}
		// «Анализ» percent-encoded in the UTF-8 name.
		if cd := r.header.Get("Content-Disposition"); !strings.Contains(cd, "filename*=UTF-8''%D0%90%D0%BD%D0%B0%D0%BB%D0%B8%D0%B7") || !strings.HasSuffix(cd, "."+string(ff)) {
			t.Errorf("%s: Content-Disposition %q", ff, cd)
		}
		if name := part[ff]; name != "" {
			zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, e := range zr.File {
				found = found || e.Name == name
			}
			if !found {
				t.Errorf("%s: no part %s", ff, name)
			}
		}
	}
	// The same archive as the schools part of a form.
	form, ct := formBody(t, "schools", "район.zip", string(body))
	r = f.do(t, "POST", "/v1/analyze/district?date=15.03.2024&format=json&organization=%D0%A3%D0%9E", form, "Content-Type", ct)
	if r.status != http.StatusOK {
		t.Fatalf("form: %d %.300s", r.status, r.body)
	}
	if _, facts := texts(t, r.body); !strings.Contains(facts, want) {
		t.Errorf("form: no %q in:\n%s", want, facts)
	}

	// With the schools' indicators as a second part: «Показатели школ»,
	// the reached count computed here (3,4 < 3,8 ≤ 3,9, 4,1).
	ind := `{"schools": [` +
		`{"school": "s0001", "indicators": [{"name": "Средний балл ОГЭ по математике", "unit": "балл", "decimals": 1, "target": 3.8, "values": [{"year": "2023-2024", "value": 3.4}]}]},` +
		`{"school": "МКОУ СОШ № 2", "indicators": [{"name": "Средний балл ОГЭ по математике", "unit": "балл", "values": [{"year": "2023-2024", "value": 3.9}]}]},` +
		`{"school": "s0003", "indicators": [{"name": "Средний балл ОГЭ по математике", "unit": "балл", "values": [{"year": "2023-2024", "value": 4.1}]}]}]}`
	form, ct = formBody(t, "schools", "район.zip", string(body), "indicators", "показатели.json", ind)
	r = f.do(t, "POST", "/v1/analyze/district?date=15.03.2024&format=json&organization=%D0%A3%D0%9E", form, "Content-Type", ct)
	if r.status != http.StatusOK {
		t.Fatalf("indicators: %d %.300s", r.status, r.body)
	}
	_, facts = texts(t, r.body)
	for _, want := range []string{analysis.HeadingSchoolIndicators,
		"от 3,4 до 4,1\u00a0балла; целевое значение 3,8\u00a0балла достигли 2 из 3 школ."} {
		if !strings.Contains(facts, want) {
			t.Errorf("indicators: no %q in:\n%s", want, facts)
		}
	}

	broken, count := districtZip(t, 3, true)
	r = f.do(t, "POST", "/v1/analyze/district?date=15.03.2024&format=json&organization=%D0%A3%D0%9E", bytes.NewReader(broken), "Content-Type", "application/zip")
	if r.status != http.StatusOK {
		t.Fatalf("broken: %d %.300s", r.status, r.body)
	}
	if got := r.header.Get(HeaderUnreadSchools); got != "1" {
		t.Errorf("broken: %s %q", HeaderUnreadSchools, got)
	}
	_, facts = texts(t, r.body)
	want = fmt.Sprintf("в районе 3 школы; по данным 2 школ выполнено %d из %d мероприятий (%s).", count.done, count.total, percent(count.done, count.total))
	if count.schools != 2 || !strings.Contains(facts, want) || !strings.Contains(facts, "Не прочитаны данные 1 школы") {
		t.Errorf("broken: no %q in:\n%s", want, facts)
	}
}

// TestAnalyzeDistrictProblems: each way of asking wrongly is a problem
// naming its field.
func TestAnalyzeDistrictProblems(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxBodyBytes = 256 << 10 })
	body, _ := districtZip(t, 1, false)
	withInd, withIndCT := formBody(t, "schools", "район.zip", string(body), "indicators", "п.json", `{"indicators": []}`)
	unknown, unknownCT := formBody(t, "schools", "район.zip", string(body), "registry", "r.csv", "x")
	// A zip bomb: a few kilobytes that would unpack to 8 MiB.
	bomb := zipOf(t, "s1.json", strings.Repeat("0", 8<<20))
	api, _ := loadSpec(t, f)
	for _, c := range []struct {
		name, query string
		body        []byte
		form        *bytes.Buffer
		ct          string
		status      int
		path        string
	}{
		{"no date", "", body, nil, "application/zip", http.StatusBadRequest, "date"},
		{"bad date", "?date=31.02.2024", body, nil, "application/zip", http.StatusBadRequest, "date"},
		{"target over 100", "?date=15.03.2024&target=150", body, nil, "application/zip", http.StatusBadRequest, "target"},
		{"target not a number", "?date=15.03.2024&target=много", body, nil, "application/zip", http.StatusBadRequest, "target"},
		{"unknown parameter", "?date=15.03.2024&colour=red", body, nil, "application/zip", http.StatusBadRequest, "colour"},
		{"no organization", "?date=15.03.2024&format=json", body, nil, "application/zip", http.StatusBadRequest, "organization"},
		{"bad format", "?date=15.03.2024&format=odt", body, nil, "application/zip", http.StatusBadRequest, "format"},
		{"not a zip", "?date=15.03.2024", []byte("это не архив"), nil, "application/zip", http.StatusUnprocessableEntity, "body"},
		{"empty body", "?date=15.03.2024", nil, nil, "application/zip", http.StatusBadRequest, "body"},
		{"no school", "?date=15.03.2024", zipOf(t, "readme.txt", "нет школ", "s1.pdf", "%PDF-"), nil, "application/zip", http.StatusUnprocessableEntity, "body"},
		{"zip bomb", "?date=15.03.2024", bomb, nil, "application/zip", http.StatusRequestEntityTooLarge, "body"},
		{"too large", "?date=15.03.2024", bytes.Repeat([]byte("PK"), 200<<10), nil, "application/zip", http.StatusRequestEntityTooLarge, ""},
		{"media type", "?date=15.03.2024", body, nil, "text/plain", http.StatusUnsupportedMediaType, ""},
		{"one school's indicators", "?date=15.03.2024", nil, withInd, withIndCT, http.StatusUnprocessableEntity, "indicators"},
		{"unknown part", "?date=15.03.2024", nil, unknown, unknownCT, http.StatusBadRequest, "registry"},
	} {
		in := c.form
		if in == nil {
			in = bytes.NewBuffer(c.body)
		}
		r := f.do(t, "POST", "/v1/analyze/district"+c.query, in, "Content-Type", c.ct)
		if r.status != c.status {
			t.Errorf("%s: %d, want %d: %.300s", c.name, r.status, c.status, r.body)
			continue
		}
		p := r.problem(t)
		if !hasCyrillic(p.Detail) || c.path != "" && (len(p.Errors) == 0 || p.Errors[0].Path != c.path) {
			t.Errorf("%s: %q, problems %+v, want one at %q", c.name, p.Detail, p.Errors, c.path)
		}
		if !documented(t, api, "POST", "/v1/analyze/district", r.status) {
			t.Errorf("%s: openapi.json does not list %d", c.name, r.status)
		}
		if r.header.Get(HeaderUnreadSchools) != "" {
			t.Errorf("%s: %s on a problem", c.name, HeaderUnreadSchools)
		}
	}
	// Nothing is held once the requests are answered.
	if n := f.srv.bodies.inUse(); n != 0 {
		t.Errorf("%d bytes of bodies still counted", n)
	}
}

// indicatorsJSON is one indicator over two years with its target.
const indicatorsJSON = `{"indicators": [{"name": "Средний балл ОГЭ по математике", "unit": "балл", "target": 3.8,
  "values": [{"year": "2022-2023", "value": 3.4}, {"year": "2023-2024", "value": 3.7}]}]}`

// TestAnalyzeForm: /v1/analyze takes the plan and its indicators as a
// form; the analysis gains «Динамика показателей» with the phrase.
func TestAnalyzeForm(t *testing.T) {
	f := newFixture(t, nil)
	api, _ := loadSpec(t, f)
	plan := markedSeed(t)
	form, ct := formBody(t, "plan", "план.json", string(plan), "indicators", "показатели.json", indicatorsJSON)
	r := f.do(t, "POST", "/v1/analyze?date=15.03.2024&format=json", form, "Content-Type", ct)
	if r.status != http.StatusOK {
		t.Fatalf("%d %.400s", r.status, r.body)
	}
	_, facts := texts(t, r.body)
	phrase := "Значение показателя «Средний балл ОГЭ по математике» выросло с 3,4 до 3,7\u00a0балла (+0,3); целевое значение 3,8 не достигнуто."
	if !strings.Contains(facts, "Динамика показателей\n") || !strings.Contains(facts, phrase) || !strings.Contains(facts, "выполнено 27 из 28") {
		t.Errorf("no dynamics or facts in:\n%s", facts)
	}
	// A file without a name is told apart by its bytes; a PDF of it too.
	form, ct = formBody(t, "plan", "", string(plan), "indicators", "", string(testtool.RepoFile(t, "testdata", "analysis", "indicators.json")))
	r = f.do(t, "POST", "/v1/analyze?date=15.03.2024", form, "Content-Type", ct)
	if r.status != http.StatusOK || !bytes.HasPrefix(r.body, []byte("%PDF-")) {
		t.Errorf("unnamed parts: %d %.300s", r.status, r.body)
	}
	for _, c := range []struct {
		name   string
		parts  []string
		status int
		path   string
	}{
		{"broken indicators", []string{"plan", "p.json", string(plan), "indicators", "i.json", `{"indicators": [{"name": "", "values": []}]}`}, http.StatusUnprocessableEntity, "indicators"},
		{"unknown part", []string{"plan", "p.json", string(plan), "schools", "s.zip", "PK"}, http.StatusBadRequest, "schools"},
		{"no plan", []string{"indicators", "i.json", indicatorsJSON}, http.StatusBadRequest, "plan"},
		{"twice", []string{"plan", "p.json", string(plan), "plan", "p.json", string(plan)}, http.StatusBadRequest, "plan"},
		{"broken plan", []string{"plan", "p.json", `{"kind": "roadmap"`}, http.StatusBadRequest, ""},
	} {
		form, ct := formBody(t, c.parts...)
		r := f.do(t, "POST", "/v1/analyze?date=15.03.2024&format=json", form, "Content-Type", ct)
		if r.status != c.status {
			t.Errorf("%s: %d, want %d: %.300s", c.name, r.status, c.status, r.body)
			continue
		}
		if !documented(t, api, "POST", "/v1/analyze", r.status) {
			t.Errorf("%s: openapi.json does not list %d", c.name, r.status)
		}
		if p := r.problem(t); c.path != "" && (len(p.Errors) == 0 || p.Errors[0].Path != c.path) {
			t.Errorf("%s: problems %+v, want one at %q", c.name, p.Errors, c.path)
		}
	}
}
