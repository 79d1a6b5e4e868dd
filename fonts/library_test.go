package fonts

import (
	"strings"
	"sync"
	"testing"
)

func TestLibraryCachesByContent(t *testing.T) {
	var lib Library
	data, _ := Builtin("LiberationSerif-Bold")
	a, err := lib.Load("A", data)
	if err != nil {
		t.Fatal(err)
	}
	b, err := lib.Load("B", append([]byte(nil), data...)) // same bytes, other slice
	if err != nil {
		t.Fatal(err)
	}
	if a != b {
		t.Fatal("second Load of identical bytes returned a different *Face")
	}
	if a.Name() != "A" {
		t.Errorf("cached face renamed to %q", a.Name())
	}
	c, err := lib.LoadBuiltin("LiberationSerif-Bold")
	if err != nil {
		t.Fatal(err)
	}
	if c != a {
		t.Error("LoadBuiltin did not reuse the face loaded from the same bytes")
	}
	if lib.parses != 1 {
		t.Errorf("parsed %d times, want 1", lib.parses)
	}
	other, err := lib.LoadBuiltin("LiberationSerif-Regular")
	if err != nil || other == a {
		t.Fatalf("distinct font: %v, same pointer %v", err, other == a)
	}
	if lib.parses != 2 {
		t.Errorf("parsed %d times, want 2", lib.parses)
	}
	// Load copies: mutating the caller's slice does not affect the face.
	buf, _ := Builtin("DejaVuSerif-Italic")
	buf = append([]byte(nil), buf...)
	f, err := lib.Load("", buf)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name() != "DejaVuSerif-Italic" {
		t.Errorf("Load with empty name: Name() = %q, want PostScript name", f.Name())
	}
	buf[0] = 'X'
	if f.Data()[0] != 0 {
		t.Error("Load kept the caller's slice")
	}
}

func TestLibraryErrors(t *testing.T) {
	var lib Library
	if _, err := lib.LoadBuiltin("Arial"); err == nil || !strings.Contains(err.Error(), "Arial") {
		t.Errorf("LoadBuiltin(Arial): err = %v", err)
	}
	if _, err := lib.Load("Broken", []byte("nope")); err == nil || !strings.Contains(err.Error(), "Broken") {
		t.Errorf("Load(broken): err = %v", err)
	}
	if lib.parses != 0 {
		t.Errorf("failed loads counted as parses: %d", lib.parses)
	}
}

func TestLibraryConcurrent(t *testing.T) {
	var lib Library
	names := BuiltinNames()
	got := make([][]*Face, 8)
	var wg sync.WaitGroup
	for g := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, n := range names {
				f, err := lib.LoadBuiltin(n)
				if err != nil {
					t.Error(err)
					return
				}
				got[g] = append(got[g], f)
			}
		}()
	}
	wg.Wait()
	for g := 1; g < len(got); g++ {
		for i := range names {
			if got[g][i] != got[0][i] {
				t.Fatalf("goroutine %d got a different face for %s", g, names[i])
			}
		}
	}
	if lib.parses != len(names) {
		t.Errorf("parsed %d times, want %d", lib.parses, len(names))
	}
}

func BenchmarkLoadBuiltinCached(b *testing.B) {
	var lib Library
	if _, err := lib.LoadBuiltin("LiberationSerif-Regular"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := lib.LoadBuiltin("LiberationSerif-Regular"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParse(b *testing.B) {
	data, _ := Builtin("LiberationSerif-Regular")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := parse("x", data); err != nil {
			b.Fatal(err)
		}
	}
}
