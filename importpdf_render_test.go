package kartograf_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509/pkix"
	"reflect"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/preflight/preflighttest"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// A PDF/A-3u as the renderer writes it, plain and signed, passes the
// preflight suite and imports deep-equal to the document rendered: an
// archived or signed PDF is the source of next year's roadmap.
func TestImportRenderedPDFA3u(t *testing.T) {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	s := &sign.KeySigner{Key: key, Cert: testtool.Certificate(t, key, pkix.Name{CommonName: "Жилов А.Х."}, 7, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))}
	for _, demo := range kartograf.Demos() {
		want, err := document.DecodeBytes(demo.JSON)
		if err != nil {
			t.Fatal(err)
		}
		for _, signer := range []sign.Signer{nil, s} {
			var b bytes.Buffer
			if _, err := eng.Render(context.Background(), &b, want, kartograf.RenderOptions{Format: kartograf.PDF, Conformance: kartograf.PDFA3u, Signer: signer}); err != nil {
				t.Fatal(err)
			}
			// Signed or not, the file is PDF/A-3u: the signature's
			// update keeps the catalog's archival keys.
			preflighttest.Run(t, b.Bytes(), 3)
			got, err := eng.Import(bytes.NewReader(b.Bytes()), int64(b.Len()))
			if err != nil {
				t.Fatalf("%s (signed %v): %v", demo.Name, signer != nil, err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s (signed %v): the imported document differs", demo.Name, signer != nil)
			}
		}
	}
}
