package xlsx

import (
	"context"
	"io"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/fonts"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// BenchmarkRender renders with one Writer reused across iterations (fonts
// loaded once), as a server does. rows10000 also reports the peak live heap
// during a render above the heap before it, sampled every 200 µs.
func BenchmarkRender(b *testing.B) {
	w := NewWriter(new(fonts.Library))
	docs := []struct {
		name string
		doc  func() *document.Document
		peak bool
	}{
		{"xlsx/seed001", func() *document.Document { return writeLoad(b, "testdata", "seeds", "001_49fbf96383fe353c.json") }, false},
		{"xlsx/seed000", func() *document.Document { return writeLoad(b, "testdata", "seeds", "000_f50bb33c8ce6181b.json") }, false},
		{"xlsx/rows10000", func() *document.Document { return writeBigPlan(10000) }, true},
	}
	ctx := context.Background()
	for _, c := range docs {
		b.Run(c.name, func(b *testing.B) {
			d := c.doc()
			v := writeTemplate(b, d)
			meta := Meta{InputHash: "sha256:0", Creator: "kartograf bench"}
			if err := w.Render(ctx, io.Discard, d, v, meta); err != nil { // warm the caches
				b.Fatal(err)
			}
			var sampler *heapSampler
			if c.peak {
				runtime.GC()
				sampler = startHeapSampler()
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := w.Render(ctx, io.Discard, d, v, meta); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			if sampler != nil {
				base, peak := sampler.stop()
				b.ReportMetric(float64(peak-base)/(1<<20), "peak-heap-MB")
			}
		})
	}
}

// heapSampler records the largest live heap (runtime/metrics, no
// stop-the-world) seen while it runs.
type heapSampler struct {
	base uint64
	peak atomic.Uint64
	done chan struct{}
	wg   sync.WaitGroup
}

func heapNow() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

func startHeapSampler() *heapSampler {
	h := &heapSampler{base: heapNow(), done: make(chan struct{})}
	h.peak.Store(h.base)
	h.wg.Add(1)
	go func() {
		defer h.wg.Done()
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			select {
			case <-h.done:
				return
			case <-t.C:
				if v := heapNow(); v > h.peak.Load() {
					h.peak.Store(v)
				}
			}
		}
	}()
	return h
}

func (h *heapSampler) stop() (base, peak uint64) {
	close(h.done)
	h.wg.Wait()
	return h.base, h.peak.Load()
}
