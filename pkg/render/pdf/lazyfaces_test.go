package pdf

import (
	"bytes"
	"context"
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/internal/testtool/testtpl"
)

// registeredFamilies is how many faces the cache's PDF writer has parsed.
func registeredFamilies(c *faceCache) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.registered)
}

// A render parses for the PDF writer only the faces its text uses: a
// Cyrillic document never needs the full main face nor the fallbacks,
// whose parse was most of a cold render's font cost. Check still parses
// every face, so that an eager engine refuses a broken one at start.
func TestWriterParsesOnlyTheFacesUsed(t *testing.T) {
	tv := testtpl.Edited(t, "school-programme@1.0.0", "", nil)
	r := NewRenderer(new(fonts.Library))
	if err := r.LoadFaces(tv); err != nil {
		t.Fatal(err)
	}
	if n := registeredFamilies(&r.cache); n != 0 {
		t.Errorf("after LoadFaces the writer has parsed %d faces, want none", n)
	}
	all := len(r.cache.sets[tv.Hash].family)
	d := viewDoc(para("Текст программы"))
	// Documents rendered at once add faces to the same cache (-race).
	var wg sync.WaitGroup
	out := make([][]byte, 4)
	for i := range out {
		wg.Go(func() {
			var buf bytes.Buffer
			if err := r.Render(context.Background(), &buf, d, tv, Info{}); err != nil {
				t.Error(err)
			}
			out[i] = buf.Bytes()
		})
	}
	wg.Wait()
	for i := range out {
		if !bytes.Equal(out[i], out[0]) {
			t.Fatalf("render %d differs from render 0", i)
		}
	}
	used := registeredFamilies(&r.cache)
	if used == 0 || used >= all {
		t.Errorf("a Cyrillic document had the writer parse %d of %d faces, want some but not all", used, all)
	}
	if err := r.Check(tv); err != nil {
		t.Fatal(err)
	}
	if n := registeredFamilies(&r.cache); n != all {
		t.Errorf("after Check the writer has parsed %d of %d faces", n, all)
	}
	// The same document from a renderer whose faces were all parsed first
	// is the same file: when a face is parsed does not change the output.
	eager := NewRenderer(new(fonts.Library))
	if err := eager.Check(tv); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := eager.Render(context.Background(), &buf, d, tv, Info{}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), out[0]) {
		t.Error("the PDF differs when every face was parsed before the render")
	}
}

// The main faces compacted side by side are Compact's own output for each
// face, recorded against the face it came from (-race: the goroutines
// share nothing but their slots).
func TestPrecompactIsCompact(t *testing.T) {
	tv := testtpl.Edited(t, "school-roadmap@1.1.0", "", nil)
	c := &faceCache{lib: new(fonts.Library)}
	c.mu.Lock()
	c.precompact(tv)
	c.mu.Unlock()
	names := tv.Manifest.Fonts.StyleSets()[0]
	seen := map[*fonts.Face]bool{}
	for _, name := range names {
		f, err := tv.LoadFace(c.lib, name)
		if err != nil {
			t.Fatal(err)
		}
		seen[f] = true
		cf, ok := c.compacts[f]
		if !ok {
			t.Errorf("%s: not compacted ahead", name)
			continue
		}
		want, err := fonts.Compact(f.Data(), fonts.CompactRepertoire)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(cf.Data(), want) || cf.Name() != f.Name() {
			t.Errorf("%s: the compact face ahead is not Compact's output under the face's name", name)
		}
	}
	if len(c.compacts) != len(seen) {
		t.Errorf("%d faces compacted, the main set has %d", len(c.compacts), len(seen))
	}
}
