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

// heapPeak samples the heap every millisecond until stop is called,
// which returns the largest samples of the heap's objects (live, and dead
// ones the collector has not freed yet: what the heap must hold) and of
// the live heap as the last collection found it.
func heapPeak() (stop func() (objects, live uint64)) {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}, {Name: "/gc/heap/live:bytes"}}
	var (
		peak [2]uint64
		wg   sync.WaitGroup
	)
	done := make(chan struct{})
	read := func() {
		metrics.Read(s)
		for i := range s {
			peak[i] = max(peak[i], s[i].Value.Uint64())
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
	return func() (uint64, uint64) {
		close(done)
		wg.Wait()
		read()
		return peak[0], peak[1]
	}
}

// BenchmarkLongPlan renders plans of 150, 2 000 and 20 000 measures and
// reports the cost per measure and the peaks of the heap during the
// renders from a prepared document (the heap before them included:
// engine, fonts, the document and its view): peak-heap-MB is what the
// heap held, garbage not yet collected included (with GOGC=100 up to
// about twice the live heap), peak-live-MB the live heap the collections
// found.
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
			p, err := eng.Prepare(ctx, d, "")
			if err != nil {
				b.Fatal(err)
			}
			runtime.GC()
			stop := heapPeak()
			b.ReportAllocs()
			b.ResetTimer()
			cpu := processCPU()
			for i := 0; i < b.N; i++ {
				if _, err := eng.RenderPrepared(ctx, io.Discard, p, kartograf.RenderOptions{}); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			cpu = processCPU() - cpu
			objects, live := stop()
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/measure")
			b.ReportMetric(float64(cpu)/float64(b.N*n), "cpu-ns/measure")
			b.ReportMetric(float64(objects)/(1<<20), "peak-heap-MB")
			b.ReportMetric(float64(live)/(1<<20), "peak-live-MB")
		})
	}
}
