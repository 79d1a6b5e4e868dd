package service

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

func batchBody(t *testing.T, schools string, extra string) []byte {
	t.Helper()
	return []byte(`{"plan": ` + string(seed001(t)) + `, "schools": ` + schools + extra + `}`)
}

const twoSchools = `[
  {"id": "a1", "short_name": "МКОУ СОШ №1", "full_name": "Школа №1", "district": "Баксанский район", "director": "А.А. Ан"},
  {"Код ОО": "b2", "Краткое наименование": "МКОУ СОШ №2", "Полное наименование": "Школа №2 😀", "Район": "Баксанский район", "Директор": "Б.Б. Бе"}]`

func TestBatchStreamsAZip(t *testing.T) {
	f := newFixture(t, nil)
	r := f.do(t, "POST", "/v1/batch", bytes.NewReader(batchBody(t, twoSchools, `, "to": "2024-2025", "formats": ["pdf", "docx"]`)))
	if r.status != http.StatusOK || r.header.Get("Content-Type") != "application/zip" {
		t.Fatalf("%d %s %.300s", r.status, r.header.Get("Content-Type"), r.body)
	}
	zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var index []byte
	for _, e := range zr.File {
		names = append(names, e.Name)
		if e.Name == "index.json" {
			rc, _ := e.Open()
			var b bytes.Buffer
			b.ReadFrom(rc)
			rc.Close()
			index = b.Bytes()
		}
	}
	if strings.Join(names, " ") != "a1.pdf a1.docx index.json index.csv index.xlsx" {
		t.Errorf("entries %v", names)
	}
	var idx struct {
		Rendered, Failed int
		Schools          []struct{ ID, Status, Error string }
	}
	if err := json.Unmarshal(index, &idx); err != nil {
		t.Fatal(err)
	}
	if idx.Rendered != 1 || idx.Failed != 1 || idx.Schools[1].Status != "failed" || !strings.Contains(idx.Schools[1].Error, "U+1F600") {
		t.Errorf("index %s", index)
	}
}

func TestBatchMultipart(t *testing.T) {
	f := newFixture(t, nil)
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	pw, _ := mw.CreateFormFile("plan", "plan.json")
	pw.Write(seed001(t))
	rw, _ := mw.CreateFormFile("registry", "schools.csv")
	rw.Write([]byte("id;short_name;full_name;district;director\nx1;МКОУ СОШ №1;Школа №1;Район;А.А. Ан\n"))
	mw.WriteField("formats", "xlsx")
	mw.WriteField("to", "2024-2025")
	mw.Close()
	r := f.do(t, "POST", "/v1/batch", &body, "Content-Type", mw.FormDataContentType())
	if r.status != http.StatusOK {
		t.Fatalf("%d %.300s", r.status, r.body)
	}
	zr, err := zip.NewReader(bytes.NewReader(r.body), int64(len(r.body)))
	if err != nil || len(zr.File) != 4 || zr.File[0].Name != "x1.xlsx" {
		t.Fatalf("zip: %v", err)
	}
}

func TestBatchBadRequests(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxBatchSchools = 2 })
	locked := newFixture(t, func(c *Config) { c.RequireAuth = true })
	three := `[{"id":"a","short_name":"a","full_name":"a","district":"d","director":"x"},{"id":"b","short_name":"b","full_name":"b","district":"d","director":"x"},{"id":"c","short_name":"c","full_name":"c","district":"d","director":"x"}]`
	for _, c := range []struct {
		name   string
		fx     *fixture
		body   []byte
		status int
		kind   Kind
		path0  string
	}{
		{"duplicate id", f, batchBody(t, `[{"id":"a","short_name":"a","full_name":"a","district":"d","director":"x"},{"id":"a","short_name":"b","full_name":"b","district":"d","director":"y"}]`, ""), 422, KindInvalidDocument, "registry, строка"},
		{"missing column", f, batchBody(t, `[{"id":"a","short_name":"a","full_name":"a","district":"d"}]`, ""), 422, KindInvalidDocument, "registry"},
		{"too many schools", f, batchBody(t, three, ""), 413, KindTooManyRows, ""},
		{"unknown field", f, batchBody(t, twoSchools, `, "colour": "red"`), 400, KindInvalidJSON, ""},
		{"bad format", f, batchBody(t, twoSchools, `, "formats": ["odt"]`), 400, KindUnsupportedFormat, "formats"},
		{"bad plan", f, []byte(`{"plan": {"kind": "roadmap", "title": 5}, "schools": ` + twoSchools + `}`), 422, KindInvalidDocument, "plan.organization"},
		{"no plan", f, []byte(`{"schools": ` + twoSchools + `}`), 400, KindInvalidParameter, ""},
		{"no token with auth-all", locked, batchBody(t, twoSchools, ""), 401, KindUnauthorized, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := c.fx.do(t, "POST", "/v1/batch", bytes.NewReader(c.body))
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %.400s", r.status, c.status, r.body)
			}
			p := r.problem(t)
			if p.Type != problemTypePrefix+string(c.kind) || !hasCyrillic(p.Detail) {
				t.Errorf("%+v", p)
			}
			if c.path0 != "" && (len(p.Errors) == 0 || !strings.HasPrefix(p.Errors[0].Path, c.path0)) {
				t.Errorf("errors %+v, want the first at %q", p.Errors, c.path0)
			}
		})
	}
}
