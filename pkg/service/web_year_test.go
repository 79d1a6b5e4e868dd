package service

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"

	"github.com/kartograf-ru/kartograf/internal/testtool"
)

// registry1251 is a registry of n schools as Russian Excel saves CSV:
// Windows-1251, «;», CRLF.
func registry1251(t testing.TB, n int, extra ...string) string {
	t.Helper()
	lines := []string{"Код ОО;Краткое наименование;Полное наименование;Район;ФИО директора;№ приказа;Дата приказа"}
	for i := 1; i <= n; i++ {
		lines = append(lines, fmt.Sprintf("%03d;МКОУ СОШ № %d;Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа № %d»;Баксанский район;Иванова Мария Петровна;%d-о;31.08.2027", i, i, i, 10+i))
	}
	lines = append(lines, extra...)
	out, err := charmap.Windows1251.NewEncoder().String(strings.Join(lines, "\r\n") + "\r\n")
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// waitJob polls the job's status until it is final.
func (b *browser) waitJob(id string) map[string]any {
	b.t.Helper()
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		r := b.get("/jobs/" + id + "/status")
		var st map[string]any
		if err := json.Unmarshal(r.body, &st); err != nil {
			b.t.Fatalf("status: %d %.200s", r.status, r.body)
		}
		if s := st["state"]; s == "done" || s == "failed" || s == "cancelled" {
			return st
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatal("the job did not finish")
	return nil
}

// TestWebYear: a 20-school registry in Windows-1251 and seed 001 give a
// prepared job with its rollover report; started, it makes a zip of 20
// schools' PDFs; its page survives a reload.
func TestWebYear(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.JobsDir = t.TempDir() })
	t.Cleanup(func() { f.srv.Close() })
	b := newBrowser(t, f)
	r := b.post("/year", field{name: "csrf", value: b.csrf}, field{name: "registry", file: "реестр.csv", value: registry1251(t, 20)},
		field{name: "plan", file: "план.json", value: string(seed001(t))}, field{name: "to", value: "2027-2028"}, field{name: "formats", value: "pdf"})
	if r.status != http.StatusSeeOther {
		t.Fatalf("%d: %.800s", r.status, r.body)
	}
	loc := r.header.Get("Location")
	id := strings.TrimPrefix(loc, "/jobs/")
	if !isID(id) {
		t.Fatalf("Location %q", loc)
	}
	page := parse(t, b.get(loc))
	if byID(page, "report") == nil || byID(page, "start-form") == nil {
		t.Fatal("no report or no start button before the run")
	}
	changes := byID(page, "changes")
	if changes == nil || !strings.Contains(text(changes), "Раздел 1, мероприятие 1.1, столбец «Сроки»") || !strings.Contains(text(changes), "Февраль 2028г.") {
		t.Errorf("the report does not say what moves where: %.500s", text(byID(page, "report")))
	}
	if rep := text(byID(page, "report")); !strings.Contains(rep, "Перенос с 2023-2024 на 2027-2028 (+4 года)") {
		t.Errorf("the report's first line: %.200s", rep)
	}
	if !strings.Contains(text(byID(page, "job-state")), "школ: 20") {
		t.Errorf("state: %s", text(byID(page, "job-state")))
	}
	if byID(parse(t, b.get("/year")), "last-job") == nil {
		t.Error("the form does not lead back to the job")
	}
	// Starting needs the form's token.
	if r := b.post(loc+"/start", field{name: "csrf", value: strings.Repeat("1", 32)}); r.status != http.StatusForbidden {
		t.Errorf("start without CSRF: %d", r.status)
	}
	if r := b.post(loc+"/start", field{name: "csrf", value: b.csrf}); r.status != http.StatusSeeOther {
		t.Fatalf("start: %d %.300s", r.status, r.body)
	}
	st := b.waitJob(id)
	if st["state"] != "done" || st["done"] != float64(20) || st["failed"] != float64(0) {
		t.Fatalf("status %v", st)
	}
	page = parse(t, b.get(loc)) // a reload shows the same job, now done
	link := byID(page, "download-zip")
	if link == nil || attr(link, "href") != loc+"/result" {
		t.Fatal("no download link on the finished job's page")
	}
	if byID(page, "failed") != nil {
		t.Error("a table of failed schools although none failed")
	}
	zr := b.get(attr(link, "href"))
	if zr.status != http.StatusOK {
		t.Fatalf("result: %d", zr.status)
	}
	z, err := zip.NewReader(bytes.NewReader(zr.body), int64(len(zr.body)))
	if err != nil {
		t.Fatal(err)
	}
	pdfs := 0
	for _, e := range z.File {
		if strings.HasSuffix(e.Name, ".pdf") {
			pdfs++
		}
	}
	if pdfs != 20 {
		t.Errorf("%d PDFs in the archive", pdfs)
	}
	if r := b.get("/jobs/" + strings.Repeat("ab", 16)); r.status != http.StatusNotFound {
		t.Errorf("unknown job: %d", r.status)
	}
}

// TestWebYearPrevious: last year's documents as a zip; a school without
// one is named before the run and fails in the table of failed schools.
func TestWebYearPrevious(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.JobsDir = t.TempDir() })
	t.Cleanup(func() { f.srv.Close() })
	b := newBrowser(t, f)
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for _, id := range []string{"001", "002"} {
		w, _ := zw.Create("карты/" + id + ".json")
		w.Write(seed001(t))
	}
	zw.Close()
	r := b.post("/year", field{name: "csrf", value: b.csrf}, field{name: "registry", file: "r.csv", value: registry1251(t, 3)},
		field{name: "plan", file: "прошлый год.zip", value: zb.String()}, field{name: "to", value: "2024-2025"}, field{name: "formats", value: "pdf"}, field{name: "formats", value: "xlsx"})
	if r.status != http.StatusSeeOther {
		t.Fatalf("%d: %.800s", r.status, r.body)
	}
	loc := r.header.Get("Location")
	page := parse(t, b.get(loc))
	if rep := text(byID(page, "report")); !strings.Contains(rep, "003 — МКОУ СОШ № 3") {
		t.Errorf("the school without a document is not named: %.400s", rep)
	}
	if byID(page, "schools") == nil {
		t.Error("no per-school report")
	}
	b.post(loc+"/start", field{name: "csrf", value: b.csrf})
	if st := b.waitJob(strings.TrimPrefix(loc, "/jobs/")); st["failed"] != float64(1) {
		t.Fatalf("status %v", st)
	}
	failed := byID(parse(t, b.get(loc)), "failed")
	if failed == nil || !strings.Contains(text(failed), "003") {
		t.Fatal("no table of failed schools")
	}
}

// TestWebYearProblems: what is wrong with the form is shown with it.
func TestWebYearProblems(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.JobsDir = t.TempDir() })
	t.Cleanup(func() { f.srv.Close() })
	b := newBrowser(t, f)
	seed := string(seed001(t))
	cases := []struct {
		name   string
		fields []field
		want   string
	}{
		{"registry row", []field{{name: "registry", file: "r.csv", value: registry1251(t, 2, "002;Дубль;Полное;Район;Директор;1;01.09.2027")}, {name: "plan", file: "p.json", value: seed}, {name: "formats", value: "pdf"}}, "Реестр, строка 4"},
		{"year", []field{{name: "registry", file: "r.csv", value: registry1251(t, 2)}, {name: "plan", file: "p.json", value: seed}, {name: "to", value: "2020-2021"}, {name: "formats", value: "pdf"}}, "to"},
		{"plan", []field{{name: "registry", file: "r.csv", value: registry1251(t, 2)}, {name: "plan", file: "p.json", value: `{"kind":"roadmap","title":"x","body":[{"plan":{"sections":[{"title":"А","items":[{"title":"М"}]}]}}]}`}, {name: "formats", value: "pdf"}}, "Раздел 1, мероприятие 1.1"},
		{"no formats", []field{{name: "registry", file: "r.csv", value: registry1251(t, 2)}, {name: "plan", file: "p.json", value: seed}}, "formats"},
	}
	for _, c := range cases {
		r := b.post("/year", append([]field{{name: "csrf", value: b.csrf}}, c.fields...)...)
		if r.status < 400 {
			t.Errorf("%s: %d", c.name, r.status)
			continue
		}
		table := byID(parse(t, r), "problems")
		if table == nil || !strings.Contains(text(table), c.want) {
			t.Errorf("%s: no %q in the problems: %.600s", c.name, c.want, r.body)
		}
	}
}

// TestWebJobFromAPI: a job posted to /v1/jobs has a page too.
func TestWebJobFromAPI(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.JobsDir = t.TempDir() })
	t.Cleanup(func() { f.srv.Close() })
	body := `{"plan": ` + string(seed001(t)) + `, "schools": [{"id": "a1", "short_name": "МКОУ СОШ №1", "full_name": "Школа №1", "district": "Баксанский район", "director": "А.А. Ан"}]}`
	r := f.do(t, "POST", "/v1/jobs", strings.NewReader(body))
	if r.status != http.StatusAccepted {
		t.Fatalf("%d %.300s", r.status, r.body)
	}
	id := strings.TrimPrefix(r.header.Get("Location"), "/v1/jobs/")
	b := newBrowser(t, f)
	b.waitJob(id)
	page := parse(t, b.get("/jobs/"+id))
	if byID(page, "download-zip") == nil || !strings.Contains(strings.ReplaceAll(text(byID(page, "job-state")), " ", ""), "Школ1") {
		t.Errorf("the API's job on the page: %s", text(byID(page, "job-state")))
	}
}

// TestWebAnalysis: a plan with monitoring marks and a date give the
// analysis, with the methodologist's conclusions and signature, shown and
// downloadable like any document.
func TestWebAnalysis(t *testing.T) {
	f := newFixture(t, nil)
	b := newBrowser(t, f)
	seed := string(seed001(t))
	var d map[string]any
	if err := json.Unmarshal([]byte(seed), &d); err != nil {
		t.Fatal(err)
	}
	// Mark every measure done but one cancelled: 27 of 28 done.
	n := 0
	for _, blk := range d["body"].([]any) {
		plan, ok := blk.(map[string]any)["plan"].(map[string]any)
		if !ok {
			continue
		}
		for _, sec := range plan["sections"].([]any) {
			for _, m := range sec.(map[string]any)["items"].([]any) {
				m.(map[string]any)["status"] = "done"
				if n == 0 {
					m.(map[string]any)["status"], m.(map[string]any)["note"] = "cancelled", "Отменено приказом"
				}
				n++
			}
		}
	}
	marked, _ := json.Marshal(d)
	r := b.post("/analysis", field{name: "csrf", value: b.csrf}, field{name: "file", file: "мониторинг.json", value: string(marked)},
		field{name: "indicators", file: "показатели.json", value: string(testtool.RepoFile(t, "testdata", "analysis", "indicators.json"))},
		field{name: "date", value: "2024-03-15"}, field{name: "conclusions", value: "Дорожная карта выполняется.\r\n\r\nРезультаты ОГЭ улучшились."},
		field{name: "position", value: "Заместитель директора по УВР"}, field{name: "name", value: "М.В. Багова"})
	if r.status != http.StatusOK {
		t.Fatalf("%d: %.600s", r.status, r.body)
	}
	page := parse(t, r)
	words := text(byID(page, "preview"))
	for _, want := range []string{fmt.Sprintf("выполнено %d из %d мероприятий", n-1, n), "Выполнение мероприятий по разделам плана", "Дорожная карта выполняется.", "Результаты ОГЭ улучшились.", "Багова", "Отменено приказом", "Динамика показателей", "Значение показателя «Средний балл ОГЭ по математике» выросло с 3,4 до 3,7 балла"} {
		// A justified line is drawn word by word: compare without spaces.
		if !strings.Contains(strings.ReplaceAll(words, " ", ""), strings.ReplaceAll(strings.ReplaceAll(want, " ", ""), "\u00a0", "")) {
			t.Errorf("the analysis does not say %q: %.400s", want, words)
		}
	}
	var hidden string
	for _, in := range find(page, tag("input")) {
		if attr(in, "name") == "document" {
			hidden = attr(in, "value")
		}
	}
	dl := b.post("/download", field{name: "csrf", value: b.csrf}, field{name: "template", value: "analysis-report@1.0.0"}, field{name: "document", value: hidden}, field{name: "format", value: "docx"})
	if dl.status != http.StatusOK || !bytes.Contains(dl.body, []byte("word/charts/chart1.xml")) {
		t.Errorf("the analysis DOCX: %d, chart part present %v", dl.status, bytes.Contains(dl.body, []byte("word/charts/chart1.xml")))
	}
	broken := b.post("/analysis", field{name: "csrf", value: b.csrf}, field{name: "file", file: "м.json", value: string(marked)},
		field{name: "date", value: "2024-03-15"}, field{name: "indicators", file: "п.json", value: `{"indicators": [{"name": "", "values": []}]}`})
	if broken.status != http.StatusUnprocessableEntity || !strings.Contains(text(byID(parse(t, broken), "problems")), "indicators") {
		t.Errorf("broken indicators: %d %.300s", broken.status, broken.body)
	}
	bad := b.post("/analysis", field{name: "csrf", value: b.csrf}, field{name: "file", file: "м.json", value: string(marked)}, field{name: "date", value: "31.02.2024"})
	if bad.status != http.StatusBadRequest || !strings.Contains(text(byID(parse(t, bad), "problems")), "date") {
		t.Errorf("an impossible date: %d %.300s", bad.status, bad.body)
	}
}

// TestWebAnalysisDistrict: a zip of the schools' marked plans gives the
// district's analysis; a school whose file is broken is listed, not lost.
func TestWebAnalysisDistrict(t *testing.T) {
	f := newFixture(t, nil)
	b := newBrowser(t, f)
	var zb bytes.Buffer
	zw := zip.NewWriter(&zb)
	for name, data := range map[string]string{"001.json": string(markedSeed(t)), "002.json": string(seed001(t)), "003.json": `{"kind": "roadmap",`} {
		w, _ := zw.Create("район/" + name)
		w.Write([]byte(data))
	}
	zw.Close()
	r := b.post("/analysis", field{name: "csrf", value: b.csrf}, field{name: "file", file: "школы.zip", value: zb.String()}, field{name: "date", value: "2024-03-15"},
		field{name: "organization", value: "Управление образования местной администрации Баксанского муниципального района"})
	if r.status != http.StatusOK {
		t.Fatalf("%d: %s", r.status, text(parse(t, r)))
	}
	words := strings.ReplaceAll(text(byID(parse(t, r), "preview")), " ", "")
	for _, want := range []string{"Управлениеобразования", "врайоне3школ", "поданным2школ", "003", "непрочитан"} {
		if !strings.Contains(strings.ToLower(words), strings.ToLower(want)) {
			t.Errorf("the district analysis does not say %q: %.600s", want, words)
		}
	}
	empty := b.post("/analysis", field{name: "csrf", value: b.csrf}, field{name: "file", file: "пусто.zip", value: "PK\x05\x06" + strings.Repeat("\x00", 18)}, field{name: "date", value: "2024-03-15"})
	if empty.status != http.StatusUnprocessableEntity || byID(parse(t, empty), "problems") == nil {
		t.Errorf("an empty archive: %d %.300s", empty.status, empty.body)
	}
}
