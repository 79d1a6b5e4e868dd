package fonts

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// Library parses fonts and caches the results. Each distinct font program
// (keyed by the SHA-256 of its bytes) is parsed once; later loads return the
// same *Face. The zero value is ready to use and safe for concurrent use.
type Library struct {
	mu      sync.Mutex
	byHash  map[[sha256.Size]byte]*Face
	builtin map[string]*Face
	parses  int // number of successful parses, for tests
}

// Load parses data as a TrueType face called name, or returns the face
// cached for identical bytes. When the bytes were loaded before under
// another name, the cached face keeps its first name. An empty or unusable
// name is replaced by the PostScript name from the font's name table. The
// bytes are copied, so the caller may reuse data afterwards.
//
// Load hashes data on every call; renderers that load the built-in faces
// per document should use LoadBuiltin, which is keyed by name.
func (l *Library) Load(name string, data []byte) (*Face, error) {
	sum := sha256.Sum256(data)
	l.mu.Lock()
	defer l.mu.Unlock()
	if f, ok := l.byHash[sum]; ok {
		return f, nil
	}
	f, err := l.parseLocked(name, bytes.Clone(data), sum, "")
	if err != nil {
		if name = SanitizeName(name); name != "" {
			return nil, fmt.Errorf("шрифт %s: %w", name, err)
		}
		return nil, fmt.Errorf("шрифт: %w", err)
	}
	return f, nil
}

// parseLocked parses data (which it keeps) and stores the face under sum.
// The face is called name, else by its PostScript name, else fallback, else
// after the hash.
func (l *Library) parseLocked(name string, data []byte, sum [sha256.Size]byte, fallback string) (*Face, error) {
	f, err := parse(SanitizeName(name), data)
	if err != nil {
		return nil, err
	}
	if f.name == "" {
		f.name = SanitizeName(fallback)
	}
	if f.name == "" {
		f.name = fmt.Sprintf("Font-%X", sum[:4])
	}
	f.sum, f.summed = sum, true
	if l.byHash == nil {
		l.byHash = make(map[[sha256.Size]byte]*Face)
	}
	l.byHash[sum] = f
	l.parses++
	return f, nil
}

// LoadBuiltin returns the built-in face called name (see BuiltinNames).
// After the first call for a name it is a map lookup.
func (l *Library) LoadBuiltin(name string) (*Face, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if f, ok := l.builtin[name]; ok {
		return f, nil
	}
	data, ok := Builtin(name)
	if !ok {
		return nil, fmt.Errorf("встроенный шрифт %q не найден (доступны: %s)", name, strings.Join(BuiltinNames(), ", "))
	}
	// Keyed by the recorded sum, not by hashing ~400 KB per font per
	// process; the dedupe with Load of the same bytes is unchanged.
	sum := builtinSum(name, data)
	f, ok := l.byHash[sum]
	if !ok {
		var err error
		if f, err = l.parseLocked(name, data, sum, ""); err != nil {
			return nil, fmt.Errorf("встроенный шрифт %s: %w", name, err)
		}
	}
	if l.builtin == nil {
		l.builtin = make(map[string]*Face)
	}
	l.builtin[name] = f
	return f, nil
}

// LoadFile reads and parses a user-supplied TrueType file. The face is named
// after the font's PostScript name, or after the file name when the font has
// none. Errors name the path.
func (l *Library) LoadFile(path string) (*Face, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("не удалось прочитать файл шрифта %q: %w", path, err)
	}
	sum := sha256.Sum256(data)
	l.mu.Lock()
	defer l.mu.Unlock()
	if f, ok := l.byHash[sum]; ok {
		return f, nil
	}
	base := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	f, err := l.parseLocked("", data, sum, base)
	if err != nil {
		return nil, fmt.Errorf("файл шрифта %q: %w", path, err)
	}
	return f, nil
}
