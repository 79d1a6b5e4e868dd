package kartograf_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509/pkix"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// RenderOptions.Conformance reaches the PDF, is refused for other formats
// and for unknown levels, and survives signing: the signature's
// incremental update keeps the catalog's PDF/A keys and the attachment.
func TestRenderConformance(t *testing.T) {
	eng := testdoc.Engine(t)
	ctx := context.Background()
	d := testdoc.Seed(t, testdoc.Seed001)
	for _, c := range []struct {
		opts kartograf.RenderOptions
		err  string
	}{
		{kartograf.RenderOptions{Format: kartograf.DOCX, Conformance: kartograf.PDFA2u}, "только у PDF"},
		{kartograf.RenderOptions{Conformance: "PDF/A-1b"}, "PDF/A-1b"},
	} {
		if _, err := eng.Render(ctx, &bytes.Buffer{}, d, c.opts); err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%+v: %v, want an error with %q", c.opts, err, c.err)
		}
	}
	if _, err := eng.Render(ctx, &bytes.Buffer{}, d, kartograf.RenderOptions{Format: kartograf.XLSX, Conformance: kartograf.ConformanceNone}); err != nil {
		t.Errorf("XLSX with conformance none: %v", err)
	}

	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer := &sign.KeySigner{Key: key, Cert: testtool.Certificate(t, key, pkix.Name{CommonName: "Жилов Анзор Хасанович"}, 0x7E57,
		time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))}
	var buf bytes.Buffer
	if _, err := eng.Render(ctx, &buf, d, kartograf.RenderOptions{Conformance: kartograf.PDFA3u, Signer: signer,
		SignTime: time.Date(2025, 9, 1, 12, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "signed.pdf")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	catalog := testtool.Run(t, "qpdf", "--show-object=trailer", p) // the newest trailer
	root := strings.Fields(catalog[strings.Index(catalog, "/Root ")+len("/Root "):])[0]
	cat := testtool.Run(t, "qpdf", "--show-object="+root, p)
	for _, key := range []string{"/Metadata", "/OutputIntents", "/AF", "/EmbeddedFiles", "/AcroForm"} {
		if !strings.Contains(cat, key) {
			t.Errorf("the signed file's catalog has no %s: %s", key, cat)
		}
	}
	if out := testtool.Run(t, "pdfdetach", "-list", p); !strings.Contains(out, "kartograf-source.json") {
		t.Errorf("pdfdetach -list of the signed file:\n%s", out)
	}
}
