// Command peerbench gives Kartograf the loop of the peers' harness
// (../shared/peers, lib/bench.js): read a document's JSON once, render copy
// #1 (lazy initialisation included) and write it, then render N more copies
// in the same process, each decoding the JSON, preparing the document and
// rendering it into memory, and print the same JSON record as the peers
// (total ms, ms/doc, median/min/p90) as its last line. It runs on one core
// (GOMAXPROCS=1) unless -procs says otherwise. scripts/peers.sh runs it next
// to the peers; it is not part of the product CLI nor of CI.
//
//	go run ./scripts/peerbench [-f pdf|docx|xlsx] [-n N] [-out DIR] [SEED.json]
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/kartograf-ru/kartograf"
)

// maxInput bounds the document read: the seeds are tens of kilobytes.
const maxInput = 64 << 20

// record is lib/bench.js's record, field for field where they apply.
type record struct {
	Tool       string   `json:"tool"`
	Version    string   `json:"version"`
	Format     string   `json:"format"`
	FirstDocMS float64  `json:"first_doc_ms"`
	N          int      `json:"n"`
	TotalMS    float64  `json:"total_ms"`
	MSPerDoc   *float64 `json:"ms_per_doc"`
	MedianMS   *float64 `json:"median_ms"`
	MinMS      *float64 `json:"min_ms"`
	P90MS      *float64 `json:"p90_ms"`
	Bytes      int      `json:"bytes"`
	LastBytes  int      `json:"last_bytes"`
	Procs      int      `json:"gomaxprocs"`
	UptimeMS   float64  `json:"process_uptime_ms"`
	File       string   `json:"file"`
}

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "peerbench:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	start := time.Now()
	fs := flag.NewFlagSet("peerbench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("f", "pdf", "format: pdf, docx or xlsx")
	n := fs.Int("n", 50, "copies rendered after the first (0..100000)")
	out := fs.String("out", "", "directory for copy #1 (default: a temporary one, removed)")
	procs := fs.Int("procs", 1, "GOMAXPROCS (the peers' comparison is on one core)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *n < 0 || *n > 100000 {
		return fmt.Errorf("-n %d: want 0..100000", *n)
	}
	if *procs < 1 || *procs > 1024 {
		return fmt.Errorf("-procs %d: want 1..1024", *procs)
	}
	runtime.GOMAXPROCS(*procs)
	f, err := kartograf.ParseFormat(*format)
	if err != nil {
		return err
	}
	seed := filepath.Join("testdata", "seeds", "001_49fbf96383fe353c.json")
	if fs.NArg() > 1 {
		return errors.New("one document at most")
	} else if fs.NArg() == 1 {
		seed = fs.Arg(0)
	}
	raw, err := readBounded(seed)
	if err != nil {
		return err
	}
	dir := *out
	if dir == "" {
		if dir, err = os.MkdirTemp("", "peerbench"); err != nil {
			return err
		}
		defer os.RemoveAll(dir)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}

	ctx := context.Background()
	// Copy #1 includes what a fresh process pays: the engine, the check of
	// the one template version used, the first decode.
	t0 := time.Now()
	eng, err := kartograf.New(kartograf.Options{Lazy: true})
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := render(ctx, eng, raw, f, &buf); err != nil {
		return err
	}
	first := time.Since(t0)
	file := filepath.Join(dir, "roadmap."+string(f))
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		return err
	}
	rec := record{Tool: "kartograf", Version: kartograf.Version, Format: strings.ToUpper(string(f)),
		FirstDocMS: ms(first), N: *n, Bytes: buf.Len(), LastBytes: buf.Len(), Procs: *procs, File: file}

	per := make([]time.Duration, 0, *n)
	t1 := time.Now()
	prev := t1
	for range *n {
		buf.Reset()
		if err := render(ctx, eng, raw, f, &buf); err != nil {
			return err
		}
		t := time.Now()
		per = append(per, t.Sub(prev))
		prev = t
	}
	total := time.Since(t1)
	rec.LastBytes = buf.Len()
	if *n > 0 {
		rec.TotalMS = ms(total)
		rec.MSPerDoc = ptr(ms(total) / float64(*n))
		slices.Sort(per)
		rec.MedianMS = ptr(ms(quantile(per, 0.5)))
		rec.MinMS = ptr(ms(per[0]))
		rec.P90MS = ptr(ms(quantile(per, 0.9)))
	}
	rec.UptimeMS = ms(time.Since(start))
	fmt.Fprintf(stderr, "kartograf %s: first doc %.1f ms; %d docs in %.1f ms; %d bytes -> %s\n",
		rec.Format, rec.FirstDocMS, *n, rec.TotalMS, rec.Bytes, file)
	line, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "%s\n", line)
	return err
}

// render is one timed iteration, as the peers' is: decode the JSON,
// prepare the document (validation, hash, view) and render it into memory.
func render(ctx context.Context, eng *kartograf.Engine, raw []byte, f kartograf.Format, w io.Writer) error {
	d, err := eng.Decode(raw, "")
	if err != nil {
		return err
	}
	p, err := eng.Prepare(ctx, d, "")
	if err != nil {
		return err
	}
	_, err = eng.RenderPrepared(ctx, w, p, kartograf.RenderOptions{Format: f})
	return err
}

func readBounded(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	raw, err := io.ReadAll(io.LimitReader(fh, maxInput+1))
	if err != nil {
		return nil, err
	}
	if len(raw) > maxInput {
		return nil, fmt.Errorf("%s: larger than %d bytes", path, maxInput)
	}
	return raw, nil
}

// quantile is lib/bench.js's: the element at floor(q·len) of sorted xs.
func quantile(xs []time.Duration, q float64) time.Duration {
	return xs[min(len(xs)-1, int(q*float64(len(xs))))]
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func ptr(v float64) *float64 { return &v }
