package service

import (
	"archive/zip"
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// fuzzDistrictServer is fuzzServer with room for a real district: two
// schools' workbooks are some 70 KB, over fuzzServer's 64 KiB.
var fuzzDistrictServer = sync.OnceValues(func() (*Server, error) {
	eng, err := engine()
	if err != nil {
		return nil, err
	}
	return New(Config{
		Engine:        eng,
		MaxBodyBytes:  256 << 10,
		MaxRows:       200,
		RenderTimeout: 5 * time.Second,
		MaxInFlight:   1,
		QueueTimeout:  time.Minute,
		JobsDir:       filepath.Join(os.TempDir(), "kartograf-fuzz-analysis-jobs"),
	})
})

// schoolsOnly re-zips the schools' workbooks of a district zip, without
// the batch's index, so that two schools fit the fuzz server's body limit.
func schoolsOnly(t testing.TB, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "район/s0") {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.Copy(w, rc); err != nil {
			t.Fatal(err)
		}
		rc.Close()
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzAnalyzeDistrictBody: any body through /v1/analyze/district, as a
// zip or as the schools part of a form, is an analysis or a well-formed
// problem: no panic, no 5xx but a roll-up out of time, and never a
// district read past the server's bounds (the fuzz server's body limit is
// 256 KiB, so its archives may unpack to 4 MiB).
func FuzzAnalyzeDistrictBody(f *testing.F) {
	full, _ := districtZip(f, 2, false)
	two := schoolsOnly(f, full)
	if len(two) > 256<<10 {
		f.Fatalf("the seed zip is %d bytes, over the fuzz server's body limit", len(two))
	}
	f.Add(two, false)
	f.Add(two, true)
	f.Add(two[:len(two)/2], false)
	f.Add(two[:len(two)-10], false)
	// Zip bomb-ish: a few kilobytes that claim and hold 8 MiB.
	f.Add(zipOf(f, "s1.json", strings.Repeat("0", 8<<20)), false)
	f.Add(zipOf(f, "s1.json", string(markedSeed(f)), "s1.xlsx", "PK\x03\x04", "index.json", "[]"), false)
	f.Add(zipOf(f), false)
	f.Add([]byte("PK\x05\x06"+strings.Repeat("\x00", 18)), false)
	f.Add([]byte("это не архив"), true)
	f.Fuzz(func(t *testing.T, body []byte, form bool) {
		ct := "application/zip"
		if form {
			var b bytes.Buffer
			mw := multipart.NewWriter(&b)
			fw, _ := mw.CreateFormFile("schools", "район.zip")
			fw.Write(body)
			mw.Close()
			body, ct = b.Bytes(), mw.FormDataContentType()
		}
		s, err := fuzzDistrictServer()
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodPost, "/v1/analyze/district?date=15.03.2024&format=json&organization=%D0%A3%D0%9E", bytes.NewReader(body))
		req.Header.Set("Content-Type", ct)
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		checkAnswer(t, w)
		if w.Code == http.StatusOK {
			if _, err := document.DecodeBytes(w.Body.Bytes()); err != nil {
				t.Fatalf("200 with an analysis that does not decode: %v", err)
			}
			if w.Header().Get(HeaderUnreadSchools) == "" {
				t.Fatalf("200 without %s", HeaderUnreadSchools)
			}
		}
		if n := s.bodies.inUse(); n != 0 {
			t.Fatalf("%d bytes of bodies still counted", n)
		}
	})
}

// FuzzWebAnalysis posts arbitrary files through «Анализ реализации»: a
// plan (JSON or workbook) with indicators, or a district zip. No panic, no
// 5xx but a render out of time, every answer a page with its CSP.
func FuzzWebAnalysis(f *testing.F) {
	full, _ := districtZip(f, 2, false)
	two := schoolsOnly(f, full)
	plan := markedSeed(f)
	f.Add(plan, "plan.json", testtool.RepoFile(f, "testdata", "analysis", "indicators.json"), "i.json", "2024-03-15")
	f.Add(plan, "plan.json", []byte(indicatorsJSON), "i.json", "2024-03-15")
	f.Add(plan, "plan.json", []byte(`{"indicators": [{"name": "", "values": []}]}`), "i.json", "15.03.2024")
	f.Add(plan, "plan.json", []byte("PK\x03\x04"), "i.xlsx", "2024-03-15")
	f.Add([]byte("PK\x03\x04 not a workbook"), "plan.xlsx", []byte{}, "", "2024-03-15")
	f.Add(two, "район.zip", []byte{}, "", "2024-03-15")
	f.Add(two[:len(two)/2], "район.zip", []byte{}, "", "2024-03-15")
	f.Add(zipOf(f, "s1.json", strings.Repeat("0", 8<<20)), "район.zip", []byte{}, "", "2024-03-15")
	f.Add([]byte("это не архив"), "район.zip", []byte{}, "", "31.02.2024")
	const csrf = "0123456789abcdef0123456789abcdef"
	f.Fuzz(func(t *testing.T, file []byte, name string, indicators []byte, indName, date string) {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		mw.WriteField("csrf", csrf)
		mw.WriteField("date", date)
		mw.WriteField("organization", "Управление образования")
		fw, _ := mw.CreateFormFile("file", name)
		fw.Write(file)
		if len(indicators) > 0 {
			fw, _ = mw.CreateFormFile("indicators", indName)
			fw.Write(indicators)
		}
		mw.Close()
		s, err := fuzzDistrictServer()
		if err != nil {
			t.Fatal(err)
		}
		req := httptest.NewRequest(http.MethodPost, "/analysis", &body)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		req.AddCookie(&http.Cookie{Name: csrfCookie, Value: csrf})
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		switch ct := w.Header().Get("Content-Type"); {
		case w.Code >= 500 && w.Code != http.StatusServiceUnavailable:
			t.Fatalf("status %d: %.500s", w.Code, w.Body.Bytes())
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

// TestWebAnalysisZipBomb: the page's district zip is bounded like the
// API's: an archive whose school file would unpack to 8 MiB is refused
// before it is unpacked.
func TestWebAnalysisZipBomb(t *testing.T) {
	const csrf = "0123456789abcdef0123456789abcdef"
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	mw.WriteField("csrf", csrf)
	mw.WriteField("date", "2024-03-15")
	mw.WriteField("organization", "Управление образования")
	fw, _ := mw.CreateFormFile("file", "район.zip")
	fw.Write(zipOf(t, "s1.json", strings.Repeat("0", 8<<20)))
	mw.Close()
	s, err := fuzzDistrictServer()
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/analysis", &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.AddCookie(&http.Cookie{Name: csrfCookie, Value: csrf})
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, req)
	if w.Code != http.StatusRequestEntityTooLarge || !strings.Contains(w.Body.String(), "в распакованном виде") {
		t.Errorf("%d %.600s", w.Code, w.Body.String())
	}
}
