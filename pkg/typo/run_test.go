package typo

import "testing"

// runsByRune splits s as a renderer did before Run: FaceFor rune by rune
// (no face counts as the primary), Width per run.
type run struct {
	face  int
	text  string
	width float64
}

func runsByRune(m *Measurer, s string) []run {
	var out []run
	start, cur := 0, -2
	for i, r := range s {
		f := max(m.FaceFor(r), 0)
		if cur == -2 {
			cur = f
			continue
		}
		if f != cur {
			out = append(out, run{cur, s[start:i], m.Width(s[start:i])})
			start, cur = i, f
		}
	}
	if s != "" {
		out = append(out, run{cur, s[start:], m.Width(s[start:])})
	}
	return out
}

func TestRunMatchesFaceForAndWidth(t *testing.T) {
	m := testMeasurer(t)
	for _, s := range []string{
		"", "a", "Дорожная карта", paragraph, "психолого‑медико", "‑‑Ա‑", "a‑b",
		"смайлик 😀 中 и\tтаб\nстрока", "\x85\u00a0№ «—»", "bad \xff\xfe utf-8 \xd0", "\xd0\x80\xe2\x80", "‑",
	} {
		want := runsByRune(m, s)
		var got []run
		for rest := s; rest != ""; {
			f, n, w := m.Run(rest)
			if n <= 0 || n > len(rest) {
				t.Fatalf("Run(%q) took %d bytes", rest, n)
			}
			got = append(got, run{f, rest[:n], w})
			rest = rest[n:]
		}
		if len(got) != len(want) {
			t.Errorf("%q: %d runs, want %d: %v, want %v", s, len(got), len(want), got, want)
			continue
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("%q: run %d = %+v, want %+v", s, i, got[i], want[i])
			}
		}
	}
	if f, n, w := m.Run(""); f != 0 || n != 0 || w != 0 {
		t.Errorf("Run(\"\") = %d, %d, %v", f, n, w)
	}
}
