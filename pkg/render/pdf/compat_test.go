package pdf_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/testtool/testdoc"
)

var updateCompat = flag.Bool("update-compat", false, "record the compatibility hashes of the documents in testdata")

// compatDir holds one sha256 per (document, released template version)
// recorded before the contract grew past its first form. Each file is a
// promise: a document valid under the old contract renders with a released
// version to the same PDF bytes for ever. The test reads the files, not
// the documents directory, so documents added later need no hash here.
var compatDir = repoFile("testdata", "golden", "pdf", "compat")

func TestCompatibleBytes(t *testing.T) {
	if *updateCompat {
		recordCompat(t)
		return
	}
	files, err := filepath.Glob(filepath.Join(compatDir, "*.sha256"))
	if err != nil || len(files) < 10 {
		t.Fatalf("expected the recorded hashes in %s, found %d (%v)", compatDir, len(files), err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".sha256")
		doc, ref, ok := strings.Cut(name, ".")
		if !ok {
			t.Fatalf("%s: want <document>.<id>@<version>.sha256", f)
		}
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if got := compatHash(t, doc, ref); got != strings.TrimSpace(string(want)) {
				t.Errorf("%s with %s renders to sha256 %s, recorded %s: a released version must keep its bytes", doc, ref, got, strings.TrimSpace(string(want)))
			}
		})
	}
}

// compatSources maps a recorded document name to its file.
func compatSources(t *testing.T) map[string]string {
	out := map[string]string{}
	for _, dir := range []string{"documents", "seeds"} {
		files, err := filepath.Glob(repoFile("testdata", dir, "*.json"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			out[dir+"-"+strings.TrimSuffix(filepath.Base(f), ".json")] = f
		}
	}
	return out
}

func compatHash(t *testing.T, doc, ref string) string {
	t.Helper()
	src, ok := compatSources(t)[doc]
	if !ok {
		t.Fatalf("no document %s in testdata", doc)
	}
	dir, file := filepath.Split(src)
	d := testdoc.Load(t, "testdata", filepath.Base(filepath.Clean(dir)), file)
	var buf bytes.Buffer
	if _, err := testdoc.Engine(t).Render(context.Background(), &buf, d, kartograf.RenderOptions{Template: ref}); err != nil {
		t.Fatalf("%s with %s: %v", doc, ref, err)
	}
	sum := sha256.Sum256(buf.Bytes())
	return hex.EncodeToString(sum[:])
}

// recordCompat writes a hash for every document in testdata and every
// released version of a template that renders its kind and accepts it.
func recordCompat(t *testing.T) {
	if err := os.MkdirAll(compatDir, 0o755); err != nil {
		t.Fatal(err)
	}
	srcs := compatSources(t)
	names := make([]string, 0, len(srcs))
	for n := range srcs {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		dir, file := filepath.Split(srcs[n])
		d := testdoc.Load(t, "testdata", filepath.Base(filepath.Clean(dir)), file)
		for _, v := range testdoc.Engine(t).Templates().List() {
			if !slices.Contains(v.Manifest.Kinds, d.Kind) {
				continue
			}
			var buf bytes.Buffer
			if _, err := testdoc.Engine(t).Render(context.Background(), &buf, d, kartograf.RenderOptions{Template: v.Ref()}); err != nil {
				t.Logf("%s with %s not recorded: %v", n, v.Ref(), err)
				continue
			}
			sum := sha256.Sum256(buf.Bytes())
			p := filepath.Join(compatDir, n+"."+v.Ref()+".sha256")
			if err := os.WriteFile(p, []byte(hex.EncodeToString(sum[:])+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}
