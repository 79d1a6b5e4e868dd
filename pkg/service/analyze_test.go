package service

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// markedSeed is seed 001 with every measure done but the first, cancelled.
func markedSeed(t testing.TB) []byte {
	s := regexp.MustCompile(`"number": "(\d+\.\d+)"`).ReplaceAllString(string(seed001(t)), `"status": "done", "number": "$1"`)
	s = strings.Replace(s, `"status": "done"`, `"status": "cancelled", "note": "Отменено приказом"`, 1)
	return []byte(s)
}

// TestAnalyzeRoute: a marked plan and a date give the analysis in each
// format, or its JSON to complete; a workbook is read like JSON.
func TestAnalyzeRoute(t *testing.T) {
	f := newFixture(t, nil)
	plan := markedSeed(t)
	r := f.do(t, "POST", "/v1/analyze?date=15.03.2024&format=json", bytes.NewReader(plan))
	if r.status != http.StatusOK {
		t.Fatalf("%d %.400s", r.status, r.body)
	}
	d, err := document.DecodeBytes(r.body)
	if err != nil {
		t.Fatal(err)
	}
	if d.Template != "analysis-report@1.0.0" || d.Date != "15.03.2024" {
		t.Errorf("template %q, date %q", d.Template, d.Date)
	}
	var facts string
	charts := 0
	for _, b := range d.Body {
		if b.Paragraph != nil {
			facts += b.Paragraph.Text + "\n"
		}
		if b.Chart != nil {
			charts++
		}
	}
	if !strings.Contains(facts, "выполнено 27 из 28 мероприятий (96,4\u00a0%)") || charts != 1 {
		t.Errorf("%d charts; facts:\n%s", charts, facts)
	}
	for _, ff := range kartograf.Formats() {
		r := f.do(t, "POST", "/v1/analyze?date=2024-03-15&format="+string(ff), bytes.NewReader(plan))
		if r.status != http.StatusOK || r.header.Get(HeaderTemplate) != "analysis-report@1.0.0" {
			t.Fatalf("%s: %d %.300s", ff, r.status, r.body)
		}
		if ff == kartograf.DOCX {
			zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, e := range zr.File {
				found = found || e.Name == "word/charts/chart1.xml"
			}
			if !found {
				t.Error("the analysis DOCX has no chart part")
			}
		}
	}
	// The monitoring workbook, as a school sends it back.
	pd, err := document.DecodeBytes(plan)
	if err != nil {
		t.Fatal(err)
	}
	var x bytes.Buffer
	if _, err := f.srv.cfg.Engine.Render(t.Context(), &x, pd, kartograf.RenderOptions{Format: kartograf.XLSX}); err != nil {
		t.Fatal(err)
	}
	r = f.do(t, "POST", "/v1/analyze?date=15.03.2024&format=json", &x, "Content-Type", xlsxType)
	if r.status != http.StatusOK || !bytes.Contains(r.body, []byte("выполнено 27 из 28")) {
		t.Errorf("from the workbook: %d %.300s", r.status, r.body)
	}
}

// TestAnalyzeRouteProblems: each way of asking wrongly names its field.
func TestAnalyzeRouteProblems(t *testing.T) {
	f := newFixture(t, nil)
	plan := markedSeed(t)
	analysisDoc := testtool.RepoFile(t, "testdata", "documents", "analysis.json")
	for _, c := range []struct {
		query  string
		body   []byte
		ct     string
		status int
		path   string
	}{
		{"", plan, "", http.StatusBadRequest, "date"},
		{"?date=31.02.2024", plan, "", http.StatusBadRequest, "date"},
		{"?date=15.03.2024&format=odt", plan, "", http.StatusBadRequest, "format"},
		{"?date=15.03.2024&colour=red", plan, "", http.StatusBadRequest, "colour"},
		{"?date=15.03.2024", analysisDoc, "", http.StatusUnprocessableEntity, "file"},
		{"?date=15.03.2024", []byte("PK\x03\x04 not a workbook"), xlsxType, http.StatusUnprocessableEntity, ""},
		{"?date=15.03.2024", []byte(`{"kind": "roadmap"`), "", http.StatusBadRequest, ""},
	} {
		h := []string{}
		if c.ct != "" {
			h = []string{"Content-Type", c.ct}
		}
		r := f.do(t, "POST", "/v1/analyze"+c.query, bytes.NewReader(c.body), h...)
		if r.status != c.status {
			t.Errorf("%s: %d, want %d: %.300s", c.query, r.status, c.status, r.body)
			continue
		}
		p := r.problem(t)
		if c.path != "" && (len(p.Errors) == 0 || p.Errors[0].Path != c.path) {
			t.Errorf("%s: problems %+v, want one at %q", c.query, p.Errors, c.path)
		}
	}
	var spec map[string]any
	if err := json.Unmarshal(f.do(t, "GET", "/openapi.json", nil).body, &spec); err != nil {
		t.Fatal(err)
	}
	if _, ok := spec["paths"].(map[string]any)["/v1/analyze"]; !ok {
		t.Error("/v1/analyze is not in openapi.json")
	}
}

// FuzzAnalyzeBody: any body through /v1/analyze is an analysis or a
// well-formed problem, never a 5xx but a render out of time.
func FuzzAnalyzeBody(f *testing.F) {
	f.Add(markedSeed(f), false)
	for _, d := range fuzzSeeds(f) {
		f.Add(d, false)
	}
	for _, b := range hostileBodies {
		f.Add([]byte(b), false)
	}
	f.Add([]byte("PK\x03\x04"), true)
	f.Fuzz(func(t *testing.T, body []byte, workbook bool) {
		ct := "application/json"
		if workbook {
			ct = xlsxType
		}
		w := fuzzDo(t, "POST", "/v1/analyze?date=15.03.2024&format=json", ct, body)
		checkAnswer(t, w)
		if w.Code == http.StatusOK {
			if _, err := document.DecodeBytes(w.Body.Bytes()); err != nil {
				t.Fatalf("200 with an analysis that does not decode: %v", err)
			}
		}
	})
}
