package pdf_test

import (
	"context"
	"io"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
)

// heapPeak samples the live heap objects every millisecond until stop is
// called, which returns the largest sample.
func heapPeak() (stop func() uint64) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	var (
		peak uint64
		wg   sync.WaitGroup
	)
	done := make(chan struct{})
	read := func() {
		metrics.Read(s)
		if v := s[0].Value.Uint64(); v > peak {
			peak = v
		}
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(time.Millisecond)
		defer t.Stop()
		for {
			read()
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		read()
		return peak
	}
}

// BenchmarkLongPlan renders plans of 150, 2 000 and 20 000 measures and
// reports the cost per measure and the peak of live heap objects during
// the renders (the heap before them included: engine, fonts, document).
//
//	go test -run '^$' -bench LongPlan -benchtime 3x ./pkg/render/pdf
func BenchmarkLongPlan(b *testing.B) {
	eng := testdoc.Engine(b)
	ctx := context.Background()
	for _, n := range []int{150, 2000, 20000} {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			d := bigPlan(n)
			if _, err := eng.Render(ctx, io.Discard, d, kartograf.RenderOptions{}); err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			stop := heapPeak()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := eng.Render(ctx, io.Discard, d, kartograf.RenderOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			peak := stop()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/measure")
			b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
		})
	}
}
