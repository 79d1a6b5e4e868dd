package docx

import (
	"archive/zip"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"
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
	zw := zip.NewWriter(w)
	for _, n := range names {
		data, err := fs.ReadFile(fsys, n)
		if err != nil {
			return err
		}
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: n, Method: zip.Deflate, ModifiedDate: 1<<5 | 1})
		if err != nil {
			return err
		}
		if _, err := fw.Write(data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// MaxUnpacked bounds what Unpack extracts (a template is a few hundred KB).
const MaxUnpacked = 64 << 20

// Unpack extracts a .docx saved by Word into dir, to be kept as the
// template's docx/ directory. Entry names may not leave dir.
func Unpack(r io.ReaderAt, size int64, dir string) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("это не файл DOCX: %w", err)
	}
	var total int64
	for _, f := range zr.File {
		name := path.Clean(f.Name)
		if f.FileInfo().IsDir() {
			continue
		}
		if strings.HasPrefix(name, "../") || path.IsAbs(name) || name == ".." {
			return fmt.Errorf("недопустимое имя части %q", f.Name)
		}
		total += int64(f.UncompressedSize64)
		if total > MaxUnpacked {
			return fmt.Errorf("DOCX распаковывается больше чем в %d МиБ", MaxUnpacked>>20)
		}
		rc, err := f.Open()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		data, err := io.ReadAll(io.LimitReader(rc, MaxUnpacked+1))
		rc.Close()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		dst := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
