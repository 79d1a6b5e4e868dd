//go:build !race

// The 100 000-row documents here take a second to check and hash, many
// under the race detector, whose slowdown would also make the timing
// meaningless.

package kartograf_test

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509/pkix"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
	"github.com/kartograf-ru/kartograf/pkg/sign"
)

// cancelAfter runs fn with a context cancelled after wait and returns
// how long after the cancel fn returned and fn's error; finished is true
// when fn returned before the cancel.
func cancelAfter(wait time.Duration, fn func(context.Context) error) (late time.Duration, finished bool, err error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	at := make(chan time.Time, 1)
	timer := time.AfterFunc(wait, func() {
		at <- time.Now()
		cancel()
	})
	err = fn(ctx)
	end := time.Now()
	if timer.Stop() {
		return 0, true, err
	}
	return end.Sub(<-at), false, err
}

// Hashing a 100 000-row document stops within 100 ms of a cancel and at
// once with a context cancelled before; with a live one it is InputHash.
func TestInputHashContextCancelled(t *testing.T) {
	if testing.Short() {
		t.Skip("hashes 100 000 rows")
	}
	d := testdoc.ShortPlan(100_000)
	start := time.Now()
	want, err := kartograf.InputHash(d)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("a whole hash takes %v", time.Since(start).Round(time.Millisecond))
	if got, err := kartograf.InputHashContext(context.Background(), d); got != want || err != nil {
		t.Fatalf("InputHashContext: %s, %v; InputHash %s", got, err, want)
	}
	var worst time.Duration
	for range 3 {
		late, finished, err := cancelAfter(10*time.Millisecond, func(ctx context.Context) error {
			_, err := kartograf.InputHashContext(ctx, d)
			return err
		})
		if finished {
			t.Fatalf("hashed before the cancel: %v", err)
		}
		worst = max(worst, late)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled 10 ms in: %v, want context.Canceled", err)
		}
		if late > 100*time.Millisecond {
			t.Errorf("cancelled 10 ms in: returned %v after the cancel, want within 100 ms", late)
		}
	}
	t.Logf("returned at worst %v after the cancel", worst)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start = time.Now()
	_, err = kartograf.InputHashContext(ctx, d)
	took := time.Since(start)
	t.Logf("with a cancelled context: %v in %v", err, took)
	if !errors.Is(err, context.Canceled) || took > 10*time.Millisecond {
		t.Errorf("cancelled before: %v after %v, want context.Canceled at once", err, took)
	}
}

// A render whose caller leaves while its 100 000-row document is being
// checked (20 ms in; the check takes hundreds of milliseconds) returns
// context.Canceled within 100 ms, in every format and signed, instead of
// holding its slot until the check and the hash are over.
func TestRenderCancelledDuringValidation(t *testing.T) {
	if testing.Short() {
		t.Skip("checks 100 000 rows")
	}
	eng, err := kartograf.New(kartograf.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := testdoc.ShortPlan(100_000)
	start := time.Now()
	if err := eng.Validate(d, ""); err != nil {
		t.Fatal(err)
	}
	t.Logf("checking the document takes %v", time.Since(start).Round(time.Millisecond))
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer := &sign.KeySigner{Key: key, Cert: testtool.Certificate(t, key, pkix.Name{CommonName: "Жилов Анзор Хасанович"}, 0x7E57, time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC))}
	for _, c := range []struct {
		name string
		opts kartograf.RenderOptions
	}{
		{"pdf", kartograf.RenderOptions{Format: kartograf.PDF}},
		{"docx", kartograf.RenderOptions{Format: kartograf.DOCX}},
		{"xlsx", kartograf.RenderOptions{Format: kartograf.XLSX}},
		{"signed pdf", kartograf.RenderOptions{Format: kartograf.PDF, Signer: signer, AllowInvalidCertificate: true}},
	} {
		late, finished, err := cancelAfter(20*time.Millisecond, func(ctx context.Context) error {
			_, err := eng.Render(ctx, io.Discard, d, c.opts)
			return err
		})
		if finished {
			t.Fatalf("%s: rendered before the cancel: %v", c.name, err)
		}
		t.Logf("%s: returned %v after the cancel: %v", c.name, late, err)
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want context.Canceled", c.name, err)
		}
		if late > 100*time.Millisecond {
			t.Errorf("%s: returned %v after the cancel, want within 100 ms", c.name, late)
		}
	}
}
