package document

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchInputs are the seeds, rows150 and a 2 000-measure plan as JSON.
func benchInputs(b *testing.B) map[string][]byte {
	inputs := map[string][]byte{}
	for _, f := range []string{"seeds/000_f50bb33c8ce6181b.json", "seeds/001_49fbf96383fe353c.json", "documents/rows150.json"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", f))
		if err != nil {
			b.Fatal(err)
		}
		inputs[strings.TrimSuffix(filepath.Base(f), ".json")] = data
	}
	var items strings.Builder
	for i := range 2000 {
		if i > 0 {
			items.WriteByte(',')
		}
		fmt.Fprintf(&items, `{"title": "Мероприятие № %d – семинар «Качество»", "deadline": "Май 2024г.", "responsible": ["Зам. директора по УВР", "Руководители ШМО"]}`, i)
	}
	inputs["plan2000"] = []byte(`{"kind": "roadmap", "organization": {"full_name": "МКОУ СОШ"}, "title": "Дорожная карта",
	  "body": [{"plan": {"sections": [{"title": "Раздел", "items": [` + items.String() + `]}]}}]}`)
	return inputs
}

// BenchmarkDecodeBytes measures decoding (parse, duplicate and invisible
// character checks, schema, model) of the seeds and of a 2 000-measure plan.
func BenchmarkDecodeBytes(b *testing.B) {
	inputs := benchInputs(b)
	for _, name := range []string{"000_f50bb33c8ce6181b", "001_49fbf96383fe353c", "rows150", "plan2000"} {
		data := inputs[name]
		b.Run(name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := DecodeBytes(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkValidate compares Validate with ValidateContext under a live
// context, which looks at it every 64 measures: the look must cost
// nothing that shows.
func BenchmarkValidate(b *testing.B) {
	inputs := benchInputs(b)
	for _, name := range []string{"001_49fbf96383fe353c", "plan2000"} {
		d, err := DecodeBytes(inputs[name])
		if err != nil {
			b.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		for _, v := range []struct {
			name string
			fn   func() error
		}{
			{"Validate", func() error { return Validate(d) }},
			{"ValidateContext", func() error { return Rules{}.ValidateContext(ctx, d) }},
		} {
			b.Run(name+"/"+v.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if err := v.fn(); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
