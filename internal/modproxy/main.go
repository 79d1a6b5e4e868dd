// Command modproxy writes one version of a module into a file-system module
// proxy (the layout GOPROXY=file://DIR reads: <path>/@v/list, .info, .mod,
// .zip), with the zip made by golang.org/x/mod/zip — the same code the go
// command and the public proxies use — so that the constraints a real proxy
// enforces (file names, sizes, nested modules, symlinks) are checked here too.
//
// CI's .ci/steps/20-module-proxy.sh runs it on a `git archive` of HEAD and
// then depends on the module through that proxy from a scratch module.
//
//	go run . -dir SRC -version v0.0.0-proxytest -time 2026-12-01T04:00:00Z -out PROXY
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"golang.org/x/mod/modfile"
	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

func main() {
	dir := flag.String("dir", "", "module root: a directory with go.mod (an extracted commit, not a working tree)")
	version := flag.String("version", "", "canonical semantic version to publish, e.g. v0.0.0-proxytest")
	stamp := flag.String("time", "", "commit time for the .info file, RFC 3339 (default: now)")
	out := flag.String("out", "", "proxy root directory (created if missing)")
	flag.Parse()
	if *dir == "" || *version == "" || *out == "" || flag.NArg() != 0 {
		fmt.Fprintln(os.Stderr, "usage: modproxy -dir SRC -version vX.Y.Z[-pre] [-time RFC3339] -out PROXY")
		os.Exit(2)
	}
	if err := run(*dir, *version, *stamp, *out, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "modproxy:", err)
		os.Exit(1)
	}
}

// info is the JSON a proxy serves for <version>.info.
type info struct {
	Version string
	Time    time.Time
}

func run(dir, version, stamp, out string, log io.Writer) error {
	// A non-canonical version (v1.2, v1.2.3+incompatible on a v0 module…)
	// would be rewritten or refused by the go command; refuse it here so the
	// proxy never holds something a real one could not.
	if module.CanonicalVersion(version) != version {
		return fmt.Errorf("version %q is not canonical semver (want e.g. v0.0.0-proxytest)", version)
	}
	when := time.Now().UTC()
	if stamp != "" {
		t, err := time.Parse(time.RFC3339, stamp)
		if err != nil {
			return fmt.Errorf("-time: %w", err)
		}
		when = t.UTC()
	}

	gomod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return fmt.Errorf("reading the module's go.mod: %w", err)
	}
	path := modfile.ModulePath(gomod)
	if path == "" {
		return errors.New("go.mod has no module line")
	}
	mv := module.Version{Path: path, Version: version}
	if err := module.Check(path, version); err != nil {
		return fmt.Errorf("module path and version: %w", err)
	}

	// CheckDir lists what the zip will leave out and why; the omissions are
	// printed so that a file silently missing from the published module
	// (a nested go.mod, a symlink) is visible in the CI log.
	cf, err := modzip.CheckDir(dir)
	for _, o := range cf.Omitted {
		fmt.Fprintf(log, "omitted from the zip: %s (%v)\n", rel(dir, o.Path), o.Err)
	}
	for _, bad := range cf.Invalid {
		fmt.Fprintf(log, "invalid in a module zip: %s (%v)\n", rel(dir, bad.Path), bad.Err)
	}
	if err != nil {
		return fmt.Errorf("the module cannot be zipped: %w", err)
	}

	escPath, err := module.EscapePath(path)
	if err != nil {
		return fmt.Errorf("escaping %s: %w", path, err)
	}
	escVer, err := module.EscapeVersion(version)
	if err != nil {
		return fmt.Errorf("escaping %s: %w", version, err)
	}
	vdir := filepath.Join(out, filepath.FromSlash(escPath), "@v")
	if err := os.MkdirAll(vdir, 0o755); err != nil {
		return fmt.Errorf("creating the proxy directory: %w", err)
	}
	base := filepath.Join(vdir, escVer)

	zipPath := base + ".zip"
	if err := writeZip(zipPath, mv, dir); err != nil {
		return err
	}
	// Read the zip back the way the go command will, so a zip that only
	// CreateFromDir accepts fails here rather than in `go get`.
	if _, err := modzip.CheckZip(mv, zipPath); err != nil {
		return fmt.Errorf("checking the written zip: %w", err)
	}
	if err := os.WriteFile(base+".mod", gomod, 0o644); err != nil {
		return fmt.Errorf("writing .mod: %w", err)
	}
	js, err := json.Marshal(info{Version: version, Time: when})
	if err != nil {
		return fmt.Errorf("encoding .info: %w", err)
	}
	if err := os.WriteFile(base+".info", js, 0o644); err != nil {
		return fmt.Errorf("writing .info: %w", err)
	}
	if err := addToList(filepath.Join(vdir, "list"), version); err != nil {
		return err
	}

	st, err := os.Stat(zipPath)
	if err != nil {
		return fmt.Errorf("stat of the zip: %w", err)
	}
	fmt.Fprintf(log, "%s@%s: %d files, zip %d bytes (limit %d) in %s\n",
		path, version, len(cf.Valid), st.Size(), int64(modzip.MaxZipFile), vdir)
	return nil
}

func writeZip(zipPath string, mv module.Version, dir string) (err error) {
	f, err := os.Create(zipPath)
	if err != nil {
		return fmt.Errorf("creating the zip: %w", err)
	}
	defer func() {
		if cerr := f.Close(); cerr != nil && err == nil {
			err = fmt.Errorf("closing the zip: %w", cerr)
		}
	}()
	if err := modzip.CreateFromDir(f, mv, dir); err != nil {
		return fmt.Errorf("zipping %s: %w", dir, err)
	}
	return nil
}

// addToList keeps @v/list a set of versions, one a line, so that publishing
// a second version into the same proxy does not hide the first.
func addToList(listPath, version string) error {
	data, err := os.ReadFile(listPath)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("reading @v/list: %w", err)
	}
	versions := strings.Fields(string(data))
	if !slices.Contains(versions, version) {
		versions = append(versions, version)
	}
	if err := os.WriteFile(listPath, []byte(strings.Join(versions, "\n")+"\n"), 0o644); err != nil {
		return fmt.Errorf("writing @v/list: %w", err)
	}
	return nil
}

func rel(dir, p string) string {
	if r, err := filepath.Rel(dir, p); err == nil {
		return filepath.ToSlash(r)
	}
	return p
}
