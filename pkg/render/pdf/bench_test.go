package pdf_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"path/filepath"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// repoFile is a path relative to the module root.
func repoFile(parts ...string) string {
	return filepath.Join(append([]string{"..", "..", ".."}, parts...)...)
}

// bigPlan builds a plan of n measures in sections of 25 with cells of
// varied length, like a district-wide plan.
func bigPlan(n int) *document.Document {
	d := &document.Document{
		Kind:         document.KindRoadmap,
		Template:     "school-roadmap",
		Organization: document.Organization{FullName: "Муниципальное казенное общеобразовательное учреждение «Средняя общеобразовательная школа № 1»"},
		Title:        "ДОРОЖНАЯ КАРТА",
		Subtitle:     "по повышению качества образования",
	}
	plan := &document.Plan{}
	for i := 0; i < n; i++ {
		if i%25 == 0 {
			plan.Sections = append(plan.Sections, document.Section{Title: fmt.Sprintf("РАЗДЕЛ %d. МЕТОДИЧЕСКАЯ ПОДДЕРЖКА ПЕДАГОГОВ", i/25+1)})
		}
		s := &plan.Sections[len(plan.Sections)-1]
		title := "Анкетирование педагогических работников с целью оценки текущих и перспективных потребностей в компетенциях"
		if i%3 == 1 {
			title = "Проведение совещания по итогам мониторинга"
		}
		s.Items = append(s.Items, document.Measure{Cells: map[string]document.Content{
			"title":       document.Text(fmt.Sprintf("%s (мероприятие %d)", title, i+1)),
			"deadline":    document.Text("Февраль 2024г."),
			"responsible": document.Text("Зам. директора по УВР"),
			"actions":     document.Text("Выявление обучающихся с низкими образовательными результатами, построение индивидуального маршрута обучения"),
			"product":     document.Text("Аналитическая справка"),
		}})
	}
	d.Body = []document.Block{{Plan: plan}}
	return d
}

func BenchmarkRender(b *testing.B) {
	eng := testdoc.Engine(b)
	docs := []struct {
		name string
		doc  func() *document.Document
	}{
		{"seed001", func() *document.Document { return testdoc.Load(b, "testdata", "seeds", "001_49fbf96383fe353c.json") }},
		{"seed000", func() *document.Document { return testdoc.Load(b, "testdata", "seeds", "000_f50bb33c8ce6181b.json") }},
		{"rows150", func() *document.Document { return testdoc.Load(b, "testdata", "documents", "rows150.json") }},
		{"rows10000", func() *document.Document { return bigPlan(10000) }},
	}
	ctx := context.Background()
	for _, dc := range docs {
		b.Run("pdf/"+dc.name, func(b *testing.B) {
			d := dc.doc()
			// Warm the per-process caches (font parses, glyph widths) once:
			// the benchmark measures the steady state of a long-running process.
			if _, err := eng.Render(ctx, io.Discard, d, kartograf.RenderOptions{}); err != nil {
				b.Fatal(err)
			}
			var buf bytes.Buffer
			b.ReportAllocs()
			b.ResetTimer()
			cpu := processCPU()
			for i := 0; i < b.N; i++ {
				buf.Reset()
				if _, err := eng.Render(ctx, &buf, d, kartograf.RenderOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(buf.Len()), "bytes/doc")
		})
	}
}

// BenchmarkPreviewSeed001 measures the web page's preview of seed 001 from
// a prepared document, against the PDF rendered from the same preparation:
// the first page alone (what the page shows first) and every page.
func BenchmarkPreviewSeed001(b *testing.B) {
	eng := testdoc.Engine(b)
	ctx := context.Background()
	p, err := eng.Prepare(ctx, testdoc.Seed(b, testdoc.Seed001), "")
	if err != nil {
		b.Fatal(err)
	}
	// Warm the per-process caches (font parses, glyph widths) once.
	if _, err := eng.RenderPrepared(ctx, io.Discard, p, kartograf.RenderOptions{}); err != nil {
		b.Fatal(err)
	}
	var buf bytes.Buffer
	b.Run("svg/first-page", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			pv, err := eng.Preview(ctx, p)
			if err != nil {
				b.Fatal(err)
			}
			if err := pv.WriteSVG(&buf, 0); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes/page")
	})
	b.Run("svg/all-pages", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			pv, err := eng.Preview(ctx, p)
			if err != nil {
				b.Fatal(err)
			}
			for i := range pv.Pages() {
				if err := pv.WriteSVG(&buf, i); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes/doc")
	})
	b.Run("pdf/prepared", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			buf.Reset()
			if _, err := eng.RenderPrepared(ctx, &buf, p, kartograf.RenderOptions{}); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(buf.Len()), "bytes/doc")
	})
}
