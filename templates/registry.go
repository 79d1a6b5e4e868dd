package templates

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// Version is one loaded, immutable template version.
type Version struct {
	Manifest Manifest
	// Files holds the version's directory (manifest, fonts, DOCX parts).
	Files fs.FS
	// Hash is "sha256:<hex>" of every file in the directory (see Hash).
	Hash string
	// Source is "builtin" or the directory the version was loaded from.
	Source string
}

// Ref is "id@version".
func (v *Version) Ref() string { return v.Manifest.Ref() }

// NotFoundError is returned for an unknown template id or version.
type NotFoundError struct {
	Ref   string
	Known []string // the refs that do exist
}

func (e *NotFoundError) Error() string {
	return fmt.Sprintf("шаблон «%s» не найден; есть: %s", e.Ref, strings.Join(e.Known, ", "))
}

// Registry maps template ids to their versions. Build it with New; it is
// safe for concurrent reads once built.
type Registry struct {
	byID map[string][]*Version // sorted by version, oldest first
}

// New returns a registry holding the built-in templates.
func New() (*Registry, error) {
	r := &Registry{byID: map[string][]*Version{}}
	// A released built-in version's hash is its line in the embedded
	// versions.lock: hashing every embedded file (fonts included) was a
	// tenth of a cold render. TestReleasedVersionsMatchLock hashes the
	// embedded files and fails when any differs from its line, so the lock
	// cannot speak for files it does not match.
	data, err := BuiltinLock()
	if err != nil {
		return nil, fmt.Errorf("встроенные шаблоны: %w", err)
	}
	lock, err := ReadLock(data)
	if err != nil {
		return nil, fmt.Errorf("встроенные шаблоны: %w", err)
	}
	if err := r.addFS(builtin, "builtin", lock); err != nil {
		return nil, fmt.Errorf("встроенные шаблоны: %w", err)
	}
	return r, nil
}

// AddDir loads every <id>/<version>/manifest.json under dir. A version that
// already exists with other content is an error (released versions are
// immutable); with the same content it is ignored.
func (r *Registry) AddDir(dir string) error {
	st, err := os.Stat(dir)
	if err != nil {
		return fmt.Errorf("каталог шаблонов: %w", err)
	}
	if !st.IsDir() {
		return fmt.Errorf("каталог шаблонов %s: это не каталог", dir)
	}
	return r.addFS(os.DirFS(dir), dir, nil)
}

// addFS loads every version under fsys; lock gives the hashes of versions
// whose files are known to match it (the built-in ones), nil hashes all.
func (r *Registry) addFS(fsys fs.FS, source string, lock map[string]string) error {
	manifests, err := fs.Glob(fsys, "*/*/manifest.json")
	if err != nil {
		return err
	}
	if len(manifests) == 0 {
		return fmt.Errorf("%s: нет ни одного <id>/<версия>/manifest.json", source)
	}
	for _, mpath := range manifests {
		dir := path.Dir(mpath)
		sub, err := fs.Sub(fsys, dir)
		if err != nil {
			return err
		}
		v, err := load(sub, source, dir, lock)
		if err != nil {
			return err
		}
		if err := r.add(v); err != nil {
			return err
		}
	}
	return nil
}

// LoadVersion loads the single version in dir (…/<id>/<version>), for
// checking a template before it is added to a registry.
func LoadVersion(dir string) (*Version, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	rel := filepath.Base(filepath.Dir(abs)) + "/" + filepath.Base(abs)
	return load(os.DirFS(abs), filepath.Dir(filepath.Dir(abs)), rel, nil)
}

func load(fsys fs.FS, source, dir string, lock map[string]string) (*Version, error) {
	where := path.Join(source, dir, "manifest.json")
	var m Manifest
	// A built-in version's manifest is compiled in, decoded and checked
	// when builtin_manifests.go was generated (TestBuiltinManifestsCurrent
	// fails when it is stale): decoding the nine of them by reflection
	// was 1–2 ms of every process's start.
	if mk, ok := builtinManifests[dir]; ok && lock != nil {
		m = mk()
	} else {
		data, err := fs.ReadFile(fsys, "manifest.json")
		if err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&m); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		if err := m.check(); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	if want := m.ID + "/" + m.Version; dir != want {
		return nil, fmt.Errorf("%s: id и version манифеста (%s) не совпадают с каталогом %s", where, want, dir)
	}
	if m.Docx != nil {
		if _, err := fs.Stat(fsys, path.Join(m.Docx.Dir, "[Content_Types].xml")); err != nil {
			return nil, fmt.Errorf("%s: шаблон DOCX: %w", where, err)
		}
	}
	for _, name := range m.Fonts.files() {
		if _, err := fs.Stat(fsys, name); err != nil {
			return nil, fmt.Errorf("%s: шрифт %s: %w", where, name, err)
		}
	}
	h, ok := lock[m.ID+"@"+m.Version]
	if !ok {
		var err error
		if h, err = Hash(fsys); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	return &Version{Manifest: m, Files: fsys, Hash: h, Source: source}, nil
}

// files lists the font names that are files of the template (not builtin).
func (f Fonts) files() []string {
	var out []string
	sets := append([]FontSet{f.FontSet}, f.Fallback...)
	for _, s := range sets {
		for _, n := range []string{s.Regular, s.Bold, s.Italic, s.BoldItalic} {
			if n != "" && !strings.HasPrefix(n, BuiltinFontPrefix) {
				out = append(out, n)
			}
		}
	}
	return out
}

// BuiltinFontPrefix marks a font name that refers to an embedded face.
const BuiltinFontPrefix = "builtin:"

func (r *Registry) add(v *Version) error {
	list := r.byID[v.Manifest.ID]
	for _, old := range list {
		if old.Manifest.Version == v.Manifest.Version {
			if old.Hash == v.Hash {
				return nil
			}
			return fmt.Errorf("шаблон %s из %s отличается от уже загруженного из %s: выпущенную версию менять нельзя, создайте новую", v.Ref(), v.Source, old.Source)
		}
	}
	list = append(list, v)
	sort.Slice(list, func(i, j int) bool {
		return compareVersions(list[i].Manifest.Version, list[j].Manifest.Version) < 0
	})
	r.byID[v.Manifest.ID] = list
	return nil
}

// Resolve finds "id@version" or "id" (the latest version).
func (r *Registry) Resolve(ref string) (*Version, error) {
	id, ver, hasVer := strings.Cut(ref, "@")
	list := r.byID[id]
	if hasVer {
		for _, v := range list {
			if v.Manifest.Version == ver {
				return v, nil
			}
		}
	} else if len(list) > 0 {
		return list[len(list)-1], nil
	}
	return nil, &NotFoundError{Ref: ref, Known: r.refs()}
}

// Default returns the latest version of the first template (by id) whose
// manifest lists kind first among its kinds, else any that lists it.
func (r *Registry) Default(kind string) (*Version, error) {
	var fallback *Version
	for _, id := range r.ids() {
		list := r.byID[id]
		latest := list[len(list)-1]
		for i, k := range latest.Manifest.Kinds {
			if string(k) == kind {
				if i == 0 {
					return latest, nil
				}
				if fallback == nil {
					fallback = latest
				}
			}
		}
	}
	if fallback != nil {
		return fallback, nil
	}
	return nil, &NotFoundError{Ref: "(вид " + kind + ")", Known: r.refs()}
}

// List returns every version, by id then version.
func (r *Registry) List() []*Version {
	var out []*Version
	for _, id := range r.ids() {
		out = append(out, r.byID[id]...)
	}
	return out
}

func (r *Registry) ids() []string {
	ids := make([]string, 0, len(r.byID))
	for id := range r.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

func (r *Registry) refs() []string {
	var out []string
	for _, v := range r.List() {
		out = append(out, v.Ref())
	}
	return out
}

// Files lists the regular files of a version's directory (or any part of
// it, such as its unpacked DOCX), by slash path in byte order: the order
// the hash reads them in and a stable order to write them in.
func Files(fsys fs.FS) ([]string, error) {
	var files []string
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.Type().IsRegular() {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	return files, err
}

// Hash is the content hash of a template version: SHA-256 over every regular
// file's slash path and bytes, in path order. Any change to any file, or a
// file added or removed, changes it.
func Hash(fsys fs.FS) (string, error) {
	files, err := Files(fsys)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f, len(data))
		h.Write(data)
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil)), nil
}

func parseVersion(v string) ([3]int, error) {
	var out [3]int
	parts := strings.Split(v, ".")
	if len(parts) != 3 {
		return out, errors.New("версия должна быть вида MAJOR.MINOR.PATCH")
	}
	for i, p := range parts {
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || (len(p) > 1 && p[0] == '0') {
			return out, errors.New("версия должна быть вида MAJOR.MINOR.PATCH")
		}
		out[i] = n
	}
	return out, nil
}

func compareVersions(a, b string) int {
	va, _ := parseVersion(a)
	vb, _ := parseVersion(b)
	for i := range va {
		if va[i] != vb[i] {
			return va[i] - vb[i]
		}
	}
	return 0
}
