package xlsx

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/render/view"
)

// TestMetaKeptJSON: the preparation's JSON, when it hashes to the input
// hash, is what the meta sheet stores (here a copy whose title differs,
// so that using it shows); JSON that does not match the hash is not
// trusted and the document is marshalled, to the bytes of a render
// without any.
func TestMetaKeptJSON(t *testing.T) {
	ctx := context.Background()
	w := NewWriter(new(fonts.Library))
	d := writeLoad(t, "testdata", "seeds", "001_49fbf96383fe353c.json")
	v := writeTemplate(t, d)
	render := func(m view.Meta) []byte {
		t.Helper()
		vw, err := view.Build(ctx, d, v, m)
		if err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if err := w.RenderView(ctx, &out, vw); err != nil {
			t.Fatal(err)
		}
		return out.Bytes()
	}
	hashOf := func(b []byte) string { s := sha256.Sum256(b); return "sha256:" + hex.EncodeToString(s[:]) }
	plain, _ := json.Marshal(d)
	marshalled := render(view.Meta{InputHash: hashOf(plain)})
	if got := render(view.Meta{InputHash: hashOf(plain), JSON: plain}); !bytes.Equal(got, marshalled) {
		t.Error("the kept JSON gives other bytes than marshalling the same document")
	}
	if got := render(view.Meta{InputHash: hashOf(plain), JSON: []byte(`{"title":"чужой"}`)}); !bytes.Equal(got, marshalled) {
		t.Error("JSON that does not hash to the input hash was stored")
	}
	other := *d
	other.Title = "Другой заголовок"
	kept, _ := json.Marshal(&other)
	data := render(view.Meta{InputHash: hashOf(kept), JSON: kept})
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if a3, _ := f.GetCellValue(SheetMeta, "A3"); a3 != hashOf(kept) {
		t.Errorf("A3 = %s, want the kept JSON's hash", a3)
	}
	a4, _ := f.GetCellValue(SheetMeta, "A4")
	stored, err := writeUnpack(a4)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stored, kept) {
		t.Errorf("stored %.60s…, want the kept JSON", stored)
	}
}
