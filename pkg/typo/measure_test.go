package typo

import (
	"math"
	"slices"
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf/fonts"
)

func TestWidthMatchesFaceAdvances(t *testing.T) {
	lib, dv := testFaces(t)
	m := NewMeasurer(Font{Faces: []*fonts.Face{lib, dv}, Size: 12})
	for _, s := range []string{"", "Hello", "Дорожная карта", paragraph, "‑‑ Ա", "a\tb\nc"} {
		want := 0.0
		for _, r := range s {
			switch {
			case r < 0x20:
			case lib.Has(r):
				want += 12 * float64(lib.Advance(r)) / float64(lib.UnitsPerEm())
			case dv.Has(r):
				want += 12 * float64(dv.Advance(r)) / float64(dv.UnitsPerEm())
			default:
				want += 12 * float64(lib.NotdefAdvance()) / float64(lib.UnitsPerEm())
			}
		}
		got := m.Width(s)
		// Each rune is rounded to 1/65536 pt.
		if math.Abs(got-want) > float64(len(s))/65536 {
			t.Errorf("Width(%.20q) = %v, want %v", s, got, want)
		}
	}
	// Times metrics: a space is 1/4 em, a digit 1/2 em.
	if got := m.Width(" 0"); got != 9 {
		t.Errorf("Width(\" 0\") = %v, want 9", got)
	}
	if got := m.RuneWidth('0'); got != 6 {
		t.Errorf("RuneWidth('0') = %v, want 6", got)
	}
	// Widths are additive exactly.
	if a, b := m.Width("психолого-"), m.Width("медико"); a+b != m.Width("психолого-медико") {
		t.Errorf("widths not additive: %v + %v != %v", a, b, m.Width("психолого-медико"))
	}
}

func TestFaceForAndMissing(t *testing.T) {
	m := testMeasurer(t)
	for r, want := range map[rune]int{
		'A': 0, 'Ж': 0, '№': 0, '«': 0, '\u00a0': 0, '—': 0, // Liberation
		'\u2011': 1, 'Ա': 1, // only DejaVu
		0x1F600: -1, '中': -1, // neither
		'\n': -1, '\t': -1, 0x85: -1, // controls are not drawn
	} {
		if got := m.FaceFor(r); got != want {
			t.Errorf("FaceFor(%U) = %d, want %d", r, got, want)
		}
	}
	got := m.Missing("Смайлик 😀, иероглиф 中\nи снова 😀\tконец‑‑")
	if want := []rune{0x1F600, '中'}; !slices.Equal(got, want) {
		t.Errorf("Missing = %q, want %q", got, want)
	}
	if got := m.Missing(paragraph + "\n\r\t"); got != nil {
		t.Errorf("Missing(paragraph) = %q, want nil", got)
	}
	// Liberation alone lacks the non-breaking hyphen.
	lib, _ := testFaces(t)
	only := NewMeasurer(Font{Faces: []*fonts.Face{lib}, Size: 12})
	if got := only.Missing("a‑b"); !slices.Equal(got, []rune{'\u2011'}) {
		t.Errorf("Missing without fallback = %q", got)
	}
	// A missing rune measures as the primary face's .notdef.
	want := 12 * float64(lib.NotdefAdvance()) / float64(lib.UnitsPerEm())
	if got := only.Width("‑"); math.Abs(got-want) > 1e-4 {
		t.Errorf("Width of a missing rune = %v, want .notdef %v", got, want)
	}
}

func TestMeasurerDegenerate(t *testing.T) {
	lib, _ := testFaces(t)
	for _, f := range []Font{
		{Faces: []*fonts.Face{lib}, Size: 0},
		{Faces: []*fonts.Face{lib}, Size: -3},
		{Faces: []*fonts.Face{lib}, Size: math.NaN()},
		{Faces: []*fonts.Face{lib}, Size: math.Inf(1)},
		{Faces: nil, Size: 12},
		{Faces: []*fonts.Face{nil}, Size: 12},
	} {
		m := NewMeasurer(f)
		if w := m.Width("текст"); w != 0 {
			t.Errorf("%v: Width = %v, want 0", f, w)
		}
		if lines := Wrap(m, "два слова", 10); len(lines) != 1 || lines[0].Text != "два слова" {
			t.Errorf("%v: Wrap = %+v", f, lines)
		}
	}
	// A nil fallback is skipped, not fatal.
	m := NewMeasurer(Font{Faces: []*fonts.Face{nil, lib}, Size: 10})
	if m.FaceFor('Ж') != 1 || m.Width("0") != 5 {
		t.Errorf("nil primary: FaceFor = %d, Width = %v", m.FaceFor('Ж'), m.Width("0"))
	}
	// The measurer keeps its own copy of the face list.
	faces := []*fonts.Face{lib}
	m = NewMeasurer(Font{Faces: faces, Size: 10})
	faces[0] = nil
	if m.FaceFor('Ж') != 0 {
		t.Error("NewMeasurer aliases the caller's slice")
	}
}

func TestWidthNoAlloc(t *testing.T) {
	m := testMeasurer(t)
	if a := testing.AllocsPerRun(100, func() { m.Width(paragraph) }); a != 0 {
		t.Errorf("Width allocates %v times", a)
	}
}

func TestMeasurerConcurrent(t *testing.T) {
	m := testMeasurer(t)
	want := m.Width(paragraph)
	wantLines := len(Wrap(m, paragraph, mm(40)))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				if m.Width(paragraph) != want || len(Wrap(m, paragraph, mm(40))) != wantLines ||
					m.FaceFor('\u2011') != 1 || m.FaceFor(0x1F600) != -1 {
					t.Error("concurrent results differ")
					return
				}
			}
		}()
	}
	wg.Wait()
}

func BenchmarkWidth(b *testing.B) {
	m := testMeasurer(b)
	b.ReportAllocs()
	b.SetBytes(int64(len(paragraph)))
	for b.Loop() {
		m.Width(paragraph)
	}
}

func BenchmarkNewMeasurer(b *testing.B) {
	lib, dv := testFaces(b)
	b.ReportAllocs()
	for b.Loop() {
		NewMeasurer(Font{Faces: []*fonts.Face{lib, dv}, Size: 12})
	}
}

func TestZeroFaceIgnored(t *testing.T) {
	lib, _ := testFaces(t)
	m := NewMeasurer(Font{Faces: []*fonts.Face{new(fonts.Face), lib}, Size: 10})
	if m.FaceFor('Ж') != 1 || m.Width("0") != 5 {
		t.Errorf("zero face: FaceFor = %d, Width = %v", m.FaceFor('Ж'), m.Width("0"))
	}
}
