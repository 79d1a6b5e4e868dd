package service

import (
	"bytes"
	"context"
	"mime"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/sign"
	"github.com/kartograf-ru/kartograf/pkg/xlsximport"
)

// TestRenderEveryFormat checks the file and its headers against what the
// engine makes directly.
func TestRenderEveryFormat(t *testing.T) {
	f := newFixture(t, nil)
	input := seed001(t)
	doc, err := document.DecodeBytes(input)
	if err != nil {
		t.Fatal(err)
	}
	eng, _ := engine()
	for _, format := range kartograf.Formats() {
		t.Run(string(format), func(t *testing.T) {
			r := f.do(t, "POST", "/v1/render?format="+string(format)+"&template=school-roadmap@1.1.0", bytes.NewReader(input))
			if r.status != http.StatusOK {
				t.Fatalf("status %d: %.300s", r.status, r.body)
			}
			var want bytes.Buffer
			res, err := eng.Render(context.Background(), &want, doc, kartograf.RenderOptions{Format: format, Template: "school-roadmap@1.1.0"})
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(r.body, want.Bytes()) {
				t.Errorf("the service's %s differs from the engine's (%d vs %d bytes)", format, len(r.body), want.Len())
			}
			if got := r.header.Get("Content-Type"); got != format.ContentType() {
				t.Errorf("Content-Type %q", got)
			}
			if r.header.Get(HeaderTemplate) != "school-roadmap@1.1.0" || r.header.Get(HeaderInputHash) != res.InputHash ||
				!strings.HasPrefix(r.header.Get(HeaderTemplateHash), "sha256:") || r.header.Get(HeaderSigned) != "" {
				t.Errorf("headers: %v", r.header)
			}
			// Go's MIME parser reads the RFC 5987 name back.
			disp, params, err := mime.ParseMediaType(r.header.Get("Content-Disposition"))
			if err != nil || disp != "attachment" {
				t.Fatalf("Content-Disposition %q: %v", r.header.Get("Content-Disposition"), err)
			}
			wantName := "Дорожная карта — МКОУ СОШ с.п. Кременчуг – Константиновское — 2023-2024." + string(format)
			if params["filename"] != wantName {
				t.Errorf("filename %q, want %q", params["filename"], wantName)
			}
			if format == kartograf.XLSX {
				back, err := xlsximport.Read(bytes.NewReader(r.body), int64(len(r.body)))
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(back, doc) {
					t.Error("the workbook does not read back as the posted document")
				}
			}
		})
	}
}

func TestSignedRender(t *testing.T) {
	f := newFixture(t, nil)
	r := f.do(t, "POST", "/v1/render?sign=true", bytes.NewReader(seed001(t)), "Authorization", "Bearer "+testToken)
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %.300s", r.status, r.body)
	}
	if r.header.Get(HeaderSigned) != "true" {
		t.Error("no signed header")
	}
	sigs, err := sign.Verify(r.body)
	if err != nil {
		t.Fatal(err)
	}
	if len(sigs) != 1 || !sigs[0].Valid || !sigs[0].WholeFile || sigs[0].Signer != "Жилов Анзор Хасанович" || sigs[0].SubFilter != sign.PAdES {
		t.Fatalf("signatures: %+v", sigs)
	}
	if !strings.HasPrefix(sigs[0].Time, "D:20240830100000") {
		t.Errorf("signing time %v, want the server clock", sigs[0].Time)
	}
	p := filepath.Join(t.TempDir(), "signed.pdf")
	if err := os.WriteFile(p, r.body, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(testtool.Require(t, "pdfsig"), p).CombinedOutput()
	if !bytes.Contains(out, []byte("Signature is Valid.")) || !bytes.Contains(out, []byte("Total document signed")) {
		t.Errorf("pdfsig:\n%s", out)
	}
	text := testtool.Run(t, "pdftotext", "-raw", p, "-")
	for _, want := range []string{"ДОКУМЕНТ ПОДПИСАН", "ЭЛЕКТРОННОЙ ПОДПИСЬЮ", "Сертификат 7E57", "Владелец Жилов Анзор Хасанович", "Действителен с 01.01.2024 по 01.01.2034"} {
		if !strings.Contains(text, want) {
			t.Errorf("the visible mark lacks %q", want)
		}
	}
}

// TestConcurrentRenders runs renders of every format, signed and not, at
// once (run it with -race) and checks each against the engine's output.
func TestConcurrentRenders(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxInFlight = 4 })
	input := seed001(t)
	doc, _ := document.DecodeBytes(input)
	eng, _ := engine()
	want := map[kartograf.Format][]byte{}
	for _, format := range kartograf.Formats() {
		var b bytes.Buffer
		if _, err := eng.Render(context.Background(), &b, doc, kartograf.RenderOptions{Format: format}); err != nil {
			t.Fatal(err)
		}
		want[format] = b.Bytes()
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for i := range 24 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if i%4 == 3 {
				r := f.do(t, "POST", "/v1/render?sign=true", bytes.NewReader(input), "Authorization", "Bearer "+testToken)
				if sigs, err := sign.Verify(r.body); r.status != 200 || err != nil || !sigs[0].Valid {
					errs <- "signed render failed"
				}
				return
			}
			format := kartograf.Formats()[i%3]
			r := f.do(t, "POST", "/v1/render?format="+string(format), bytes.NewReader(input))
			if r.status != 200 || !bytes.Equal(r.body, want[format]) {
				errs <- "concurrent " + string(format) + " differs"
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

func TestValidate(t *testing.T) {
	f := newFixture(t, nil)
	r := f.do(t, "POST", "/v1/validate", bytes.NewReader(seed001(t)))
	if r.status != 200 || !bytes.Contains(r.body, []byte(`"valid":true`)) || !bytes.Contains(r.body, []byte(`"template":"school-roadmap@1.1.0"`)) {
		t.Fatalf("%d %s", r.status, r.body)
	}
	// Problems are an answer, with paths.
	r = f.do(t, "POST", "/v1/validate", bytes.NewReader(plan(2, false)))
	if r.status != 200 || !bytes.Contains(r.body, []byte(`"valid":false`)) ||
		!bytes.Contains(r.body, []byte(`"path":"body[0].plan.sections[0].items[1].deadline"`)) {
		t.Fatalf("%d %s", r.status, r.body)
	}
	r = f.do(t, "POST", "/v1/validate", strings.NewReader(`{"kind":"roadmap","title":7}`))
	if r.status != 200 || !bytes.Contains(r.body, []byte(`"path":"title"`)) || !bytes.Contains(r.body, []byte(`"path":"organization"`)) {
		t.Fatalf("%d %s", r.status, r.body)
	}
}

func TestTemplates(t *testing.T) {
	f := newFixture(t, nil)
	r := f.do(t, "GET", "/v1/templates", nil)
	eng, _ := engine()
	for _, v := range eng.Templates().List() {
		if !bytes.Contains(r.body, []byte(`"ref":"`+v.Ref()+`","version":"`+v.Manifest.Version+`","hash":"`+v.Hash+`"`)) {
			t.Errorf("/v1/templates lacks %s with its hash", v.Ref())
		}
	}
	r = f.do(t, "GET", "/v1/templates/school-roadmap", nil)
	if r.status != 200 || !bytes.Contains(r.body, []byte(`"latest":"1.1.0"`)) || !bytes.Contains(r.body, []byte(`"formats":["pdf","docx","xlsx"]`)) {
		t.Fatalf("%d %s", r.status, r.body)
	}
}
