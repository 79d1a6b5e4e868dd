package docx

import (
	"bytes"
	"compress/flate"
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/zipx"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

func builtinVersion(t *testing.T, ref string) *templates.Version {
	t.Helper()
	reg, err := templates.New()
	if err != nil {
		t.Fatal(err)
	}
	v, err := reg.Resolve(ref)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// The cached numbering part is the one Deflate makes of withNums, for any
// lists; the cache stays within its bound however many list sets it sees.
func TestNumberingCache(t *testing.T) {
	c, err := compile(builtinVersion(t, "school-roadmap"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for i := range maxNumberingCache + 40 {
		nums := []numInst{{id: c.numBase + 1, abstract: c.lists.Default, start: i}}
		if i%3 == 0 {
			nums = append(nums, numInst{id: c.numBase + 2, abstract: c.lists.Ordered, level: 1, lvl: "<w:lvl/>"})
		}
		for range 2 { // cold, then cached
			got, err := c.numberingRaw(ctx, nums)
			if err != nil {
				t.Fatal(err)
			}
			want, err := zipx.Compress(ctx, []byte(c.withNums(nums)), flate.BestSpeed)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got.Deflated, want.Deflated) || got.CRC32 != want.CRC32 || got.Size != want.Size {
				t.Fatalf("lists %d: the cached numbering.xml is not the deflated part", i)
			}
		}
	}
	if n := len(c.numCache.raw); n == 0 || n > maxNumberingCache {
		t.Errorf("%d numbering parts cached, bound %d", n, maxNumberingCache)
	}
	if numsKey([]numInst{{id: 1, lvl: "a"}}) == numsKey([]numInst{{id: 1}, {lvl: "a"}}) {
		t.Error("two list sets share a key")
	}
}

// One renderer used by many goroutines at once (pooled buffers, the
// numbering cache) writes each document as it does alone.
func TestConcurrentRendersSameBytes(t *testing.T) {
	v := builtinVersion(t, "school-roadmap")
	files, err := filepath.Glob(filepath.Join("..", "..", "..", "testdata", "documents", "*.json"))
	if err != nil || len(files) < 5 {
		t.Fatalf("test documents: %v, %d", err, len(files))
	}
	ctx := context.Background()
	type job struct {
		d    *document.Document
		want []byte
	}
	var jobs []job
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		d, err := document.DecodeBytes(raw)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		if err := NewRenderer().Render(ctx, &buf, d, v, Meta{}); err != nil {
			continue // a document this template does not print
		}
		jobs = append(jobs, job{d, buf.Bytes()})
	}
	if len(jobs) < 5 {
		t.Fatalf("only %d documents render", len(jobs))
	}
	r := NewRenderer()
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range 3 * len(jobs) {
				j := jobs[(g+k)%len(jobs)]
				var buf bytes.Buffer
				if err := r.Render(ctx, &buf, j.d, v, Meta{}); err != nil {
					t.Error(err)
					return
				}
				if !bytes.Equal(buf.Bytes(), j.want) {
					t.Error("a concurrent render differs from a render alone")
					return
				}
			}
		}()
	}
	wg.Wait()
}
