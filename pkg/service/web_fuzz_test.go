package service

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzWebForm posts arbitrary files and fields through the page's forms:
// no panic, no 5xx but a render out of time (503), every answer a page
// (HTML) or the file, a redirect only to a job.
func FuzzWebForm(f *testing.F) {
	seeds := fuzzSeeds(f)
	reg := "Код ОО;Краткое наименование;Полное наименование;Район;Директор\r\nb2;СОШ №2;Школа №2;Район;Б.Б. Бе\r\n"
	for _, d := range seeds[:3] {
		f.Add(uint8(0), d, "doc.json", "", "")
	}
	f.Add(uint8(0), []byte("PK\x03\x04 not a workbook"), "doc.xlsx", "", "")
	f.Add(uint8(0), seeds[1], "doc.json", "school-roadmap@9.9.9", "")
	f.Add(uint8(1), seeds[1], "doc.json", "", "pdf")
	f.Add(uint8(1), seeds[1], "doc.json", "", "odt")
	f.Add(uint8(2), []byte(reg), "r.csv", "", "2024-2025")
	f.Add(uint8(2), []byte("\xcf\xf0\xe8\xe2\xe5\xf2;;"), "r.csv", "", "2024")
	f.Add(uint8(3), []byte("PK\x05\x06"+strings.Repeat("\x00", 18)), "plan.zip", "", "2024-2025")
	for _, b := range hostileBodies {
		f.Add(uint8(0), []byte(b), "x.json", "", "")
	}
	const csrf = "0123456789abcdef0123456789abcdef"
	f.Fuzz(func(t *testing.T, route uint8, data []byte, name, template, extra string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("csrf", csrf)
		mw.WriteField("template", template)
		path := "/document"
		switch route % 4 {
		case 0:
			fw, _ := mw.CreateFormFile("file", name)
			fw.Write(data)
		case 1:
			path = "/download"
			mw.WriteField("document", string(data))
			mw.WriteField("format", extra)
		case 2, 3:
			path = "/year"
			plan, registry := seeds[1], data
			if route%4 == 3 {
				plan, registry = data, []byte(reg)
			}
			fw, _ := mw.CreateFormFile("registry", "r.csv")
			fw.Write(registry)
			fw, _ = mw.CreateFormFile("plan", name)
			fw.Write(plan)
			mw.WriteField("to", extra)
			mw.WriteField("formats", "pdf")
		}
		mw.Close()
		s, err := fuzzServer()
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodPost, path, &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(&http.Cookie{Name: csrfCookie, Value: csrf})
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		ct := w.Header().Get("Content-Type")
		switch {
		case w.Code >= 500 && w.Code != http.StatusServiceUnavailable:
			t.Fatalf("status %d: %.500s", w.Code, w.Body.Bytes())
		case w.Code == http.StatusSeeOther:
			id, ok := strings.CutPrefix(w.Header().Get("Location"), "/jobs/")
			if !ok || !isID(id) {
				t.Fatalf("redirect to %q", w.Header().Get("Location"))
			}
			s.jobs.Delete(id)
		case w.Code == http.StatusOK && path == "/download":
			if ct == "text/html; charset=utf-8" {
				t.Fatal("a download answered with a page")
			}
		case ct != "text/html; charset=utf-8":
			t.Fatalf("status %d with Content-Type %q", w.Code, ct)
		case w.Code == http.StatusOK && !bytes.Contains(w.Body.Bytes(), []byte(`id="preview"`)):
			t.Fatalf("200 without the preview: %.300s", w.Body.Bytes())
		}
		if w.Header().Get("Content-Security-Policy") != contentSecurityPolicy {
			t.Fatal("no CSP")
		}
	})
}
