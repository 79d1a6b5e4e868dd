package kartograf_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/pdfattach"
	"github.com/kartograf-ru/kartograf/internal/testtool/signtest"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/pdfsource"
)

// canonical is the JSON Kartograf attaches: the document's canonical form.
func canonical(t testing.TB, d *document.Document) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := document.WriteJSON(context.Background(), &b, d); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestImportPDF: every sample document, attached to a PDF plain,
// compressed and then signed, comes back deep-equal through Import.
func TestImportPDF(t *testing.T) {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, demo := range kartograf.Demos() {
		want, err := document.DecodeBytes(demo.JSON)
		if err != nil {
			t.Fatal(err)
		}
		src := canonical(t, want)
		for name, pdf := range map[string][]byte{
			"plain":  pdfattach.PDF(pdfattach.SourceJSON(src, false)),
			"flate":  pdfattach.PDF(pdfattach.SourceJSON(src, true)),
			"signed": signtest.SignedPDF(t, pdfattach.PDF(pdfattach.SourceJSON(src, true))),
		} {
			t.Run(demo.Name+"/"+name, func(t *testing.T) {
				got, err := eng.Import(bytes.NewReader(pdf), int64(len(pdf)))
				if err != nil {
					t.Fatal(err)
				}
				if !reflect.DeepEqual(got, want) {
					t.Fatalf("the imported document differs from the attached one %s", firstDiff(src, canonical(t, got)))
				}
			})
		}
	}
}

func TestImportPDFErrors(t *testing.T) {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	demo := kartograf.Demos()[0]
	d, err := document.DecodeBytes(demo.JSON)
	if err != nil {
		t.Fatal(err)
	}
	// A PDF as Kartograf renders it without PDF/A-3u carries no source.
	var rendered bytes.Buffer
	if _, err := eng.Render(context.Background(), &rendered, d, kartograf.RenderOptions{Format: kartograf.PDF}); err != nil {
		t.Fatal(err)
	}
	// The document fails its template's rules: an unknown field.
	unknown := bytes.Replace(canonical(t, d), []byte(`{"kind"`), []byte(`{"колонка":1,"kind"`), 1)
	for name, c := range map[string]struct {
		pdf   []byte
		size  int64
		check func(error) bool
	}{
		"no attachment": {pdf: rendered.Bytes(), check: func(err error) bool {
			var me *pdfsource.MissingError
			return errors.As(err, &me) && strings.Contains(err.Error(), "вложений в файле нет")
		}},
		"not json": {pdf: pdfattach.PDF(pdfattach.SourceJSON([]byte("{not json"), true)), check: func(err error) bool {
			return strings.Contains(err.Error(), "исходные данные в PDF (kartograf-source.json)")
		}},
		"invalid document": {pdf: pdfattach.PDF(pdfattach.SourceJSON(unknown, true)), check: func(err error) bool {
			var ve *document.ValidationError
			return errors.As(err, &ve) && strings.Contains(err.Error(), "колонка")
		}},
		"too large": {pdf: []byte("%PDF-1.7\n"), size: kartograf.MaxPDFSize + 1, check: func(err error) bool {
			return strings.Contains(err.Error(), fmt.Sprintf("%d МиБ", kartograf.MaxPDFSize>>20))
		}},
		"short read": {pdf: []byte("%PDF-1.7\n"), size: 100, check: func(err error) bool {
			return strings.Contains(err.Error(), "чтение PDF")
		}},
	} {
		t.Run(name, func(t *testing.T) {
			size := c.size
			if size == 0 {
				size = int64(len(c.pdf))
			}
			got, err := eng.Import(bytes.NewReader(c.pdf), size)
			if err == nil {
				t.Fatalf("no error, a document of kind %s", got.Kind)
			}
			if !c.check(err) {
				t.Errorf("unexpected error: %v", err)
			}
		})
	}
}

// Read next year's source back from an archived PDF/A-3u.
func ExampleEngine_ImportPDF() {
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	// Stands for a PDF/A-3u rendered and archived a year ago.
	pdf := pdfattach.PDF(pdfattach.SourceJSON(kartograf.Demos()[1].JSON, true))
	doc, err := eng.ImportPDF(bytes.NewReader(pdf), int64(len(pdf)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(doc.Kind)
	// Output:
	// roadmap
}
