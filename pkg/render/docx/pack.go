package docx

import (
	"archive/zip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/internal/zipx"
)

// Pack zips an unpacked .docx directory (a template's docx/) into a file
// Word opens, [Content_Types].xml first, so a template author can edit it.
func Pack(fsys fs.FS, w io.Writer) error {
	names, err := partNames(fsys)
	if err != nil {
		return err
	}
	if len(names) == 0 {
		return fmt.Errorf("каталог DOCX пуст")
	}
	// The same directory gives the same bytes (package zipx): partNames
	// fixes the order, zipx the dates and the compression.
	zw := zipx.NewWriter(context.Background(), w)
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return err
		}
		if err := zw.Deflate(n, data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// MaxUnpacked bounds what Unpack extracts (a template is a few hundred KB).
const MaxUnpacked = 64 << 20

// Unpack extracts a .docx saved by Word into dir, to be kept as the
// template's docx/ directory. It is all or nothing: the parts go into a
// temporary directory beside dir, renamed to dir only when every entry was
// accepted, so a refused entry (a name leaving dir, an absolute path, a
// repeated part, too much data) leaves neither dir nor the temporary
// directory behind. dir must not exist or be empty: Unpack never mixes a
// DOCX into, or overwrites, files already there. Missing parents of dir
// are created.
func Unpack(r io.ReaderAt, size int64, dir string) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("это не файл DOCX: %w", err)
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return fmt.Errorf("каталог %s не пуст: удалите его или укажите новый каталог", dir)
	} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("каталог %s: %w", dir, err)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("каталог %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".unpack-*")
	if err != nil {
		return fmt.Errorf("временный каталог: %w", err)
	}
	if err := unpackInto(zr, tmp); err != nil {
		os.RemoveAll(tmp)
		return err
	}
	// Remove fails on a directory someone filled meanwhile, and the rename
	// does not replace a non-empty one: nothing is ever overwritten.
	err = os.Chmod(tmp, 0o755)
	if err == nil {
		if err = os.Remove(dir); errors.Is(err, fs.ErrNotExist) {
			err = nil
		}
	}
	if err == nil {
		err = os.Rename(tmp, dir)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return fmt.Errorf("каталог %s: %w", dir, err)
	}
	return nil
}

// unpackInto extracts every part of zr into dir, which is fresh and empty.
func unpackInto(zr *zip.Reader, dir string) error {
	var total int64
	seen := map[string]string{}
	for _, f := range zr.File {
		if f.FileInfo().IsDir() {
			continue
		}
		name := path.Clean(f.Name)
		// A backslash or colon is a separator or drive on Windows; Word
		// never writes them in part names. A name that is not UTF-8 or
		// holds a control character is no OPC part name either, and the
		// file it would become could not be packed again (fs.ValidPath).
		if strings.HasPrefix(name, "../") || path.IsAbs(name) || name == ".." || name == "." || strings.ContainsAny(f.Name, `\:`) ||
			!utf8.ValidString(f.Name) || strings.ContainsFunc(f.Name, unicode.IsControl) || !fs.ValidPath(name) {
			return fmt.Errorf("недопустимое имя части %q", f.Name)
		}
		// Case-insensitive file systems (Windows, macOS) would put two
		// such parts in one file.
		fold := strings.ToLower(name)
		if first, dup := seen[fold]; dup {
			return fmt.Errorf("часть %q повторяется (впервые как %q)", f.Name, first)
		}
		seen[fold] = f.Name
		total += int64(f.UncompressedSize64)
		if total > MaxUnpacked {
			return fmt.Errorf("DOCX распаковывается больше чем в %d МиБ", MaxUnpacked>>20)
		}
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		// The declared size may lie; what is read counts too.
		data, err := io.ReadAll(io.LimitReader(rc, MaxUnpacked-total+int64(f.UncompressedSize64)+1))
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		if total += int64(len(data)) - int64(f.UncompressedSize64); total > MaxUnpacked {
			return fmt.Errorf("DOCX распаковывается больше чем в %d МиБ", MaxUnpacked>>20)
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
	}
	if len(seen) == 0 {
		return fmt.Errorf("в DOCX нет ни одной части")
	}
	return nil
}
