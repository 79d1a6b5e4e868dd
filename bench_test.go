package kartograf_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// BenchmarkInputHash compares the hash of seed 001 and of a 2 000-measure
// plan as it was (json.Marshal at once, then sha256: "Marshal") with
// InputHash and InputHashContext, which stream document.WriteJSON into the
// hash a measure at a time and look at a live context every 64 measures.
func BenchmarkInputHash(b *testing.B) {
	seed, err := os.ReadFile(filepath.Join("testdata", "seeds", "001_49fbf96383fe353c.json"))
	if err != nil {
		b.Fatal(err)
	}
	var items strings.Builder
	for i := range 2000 {
		if i > 0 {
			items.WriteByte(',')
		}
		fmt.Fprintf(&items, `{"title": "Мероприятие № %d – семинар «Качество»", "deadline": "Май 2024г.", "responsible": ["Зам. директора по УВР", "Руководители ШМО"]}`, i)
	}
	plan := []byte(`{"kind": "roadmap", "organization": {"full_name": "МКОУ СОШ"}, "title": "Дорожная карта",
	  "body": [{"plan": {"sections": [{"title": "Раздел", "items": [` + items.String() + `]}]}}]}`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for _, in := range []struct {
		name string
		data []byte
	}{{"001_49fbf96383fe353c", seed}, {"plan2000", plan}} {
		d, err := document.DecodeBytes(in.data)
		if err != nil {
			b.Fatal(err)
		}
		want, err := kartograf.InputHash(d)
		if err != nil {
			b.Fatal(err)
		}
		for _, v := range []struct {
			name string
			fn   func() (string, error)
		}{
			{"Marshal", func() (string, error) {
				data, err := json.Marshal(d)
				sum := sha256.Sum256(data)
				return "sha256:" + hex.EncodeToString(sum[:]), err
			}},
			{"InputHash", func() (string, error) { return kartograf.InputHash(d) }},
			{"InputHashContext", func() (string, error) { return kartograf.InputHashContext(ctx, d) }},
		} {
			b.Run(in.name+"/"+v.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if got, err := v.fn(); got != want || err != nil {
						b.Fatalf("%s, %v; want %s", got, err, want)
					}
				}
			})
		}
	}
}
