package docx

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/zipx"
)

type zipPart struct {
	name string
	data []byte
}

func zipOf(t testing.TB, parts ...zipPart) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, p := range parts {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(p.data); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var goodParts = []zipPart{
	{"[Content_Types].xml", []byte("<Types/>")},
	{"word/document.xml", []byte("<w:document/>")},
	{"word/styles.xml", []byte("<w:styles/>")},
}

// A refused entry leaves nothing behind: neither the target directory nor
// a temporary one beside it, whatever was extracted before it.
func TestUnpackAllOrNothing(t *testing.T) {
	for _, c := range []struct {
		name, bad, msg string
		data           []byte
	}{
		{"parent", "../x.xml", "недопустимое имя части", nil},
		{"deep parent", "word/../../x.xml", "недопустимое имя части", nil},
		{"absolute", "/etc/x.xml", "недопустимое имя части", nil},
		{"backslash", `word\..\..\x.xml`, "недопустимое имя части", nil},
		{"duplicate", "word/document.xml", "повторяется", nil},
		{"duplicate in another case", "WORD/Document.xml", "повторяется", nil},
		{"too big", "word/media/big.bin", "больше чем в 64 МиБ", make([]byte, MaxUnpacked+1)},
	} {
		t.Run(c.name, func(t *testing.T) {
			parent := t.TempDir()
			dir := filepath.Join(parent, "docx")
			data := zipOf(t, append(goodParts, zipPart{c.bad, c.data})...)
			err := Unpack(bytes.NewReader(data), int64(len(data)), dir)
			if err == nil || !strings.Contains(err.Error(), c.msg) {
				t.Fatalf("error %v, want one with %q", err, c.msg)
			}
			if entries, _ := os.ReadDir(parent); len(entries) != 0 {
				t.Errorf("left behind: %v", entries)
			}
			if _, err := os.Stat(filepath.Join(parent, "..", "x.xml")); err == nil {
				t.Error("an entry was written outside the directory")
			}
		})
	}
}

// Unpack never writes into a directory that already has files: the
// author's edits are not mixed with or overwritten by another DOCX. An
// empty directory (made with mkdir beforehand) is fine.
func TestUnpackExistingDirectory(t *testing.T) {
	data := zipOf(t, goodParts...)
	parent := t.TempDir()
	full := filepath.Join(parent, "full")
	os.MkdirAll(filepath.Join(full, "word"), 0o755)
	os.WriteFile(filepath.Join(full, "word", "document.xml"), []byte("mine"), 0o644)
	err := Unpack(bytes.NewReader(data), int64(len(data)), full)
	if err == nil || !strings.Contains(err.Error(), "не пуст") {
		t.Fatalf("into a non-empty directory: %v", err)
	}
	if got, _ := os.ReadFile(filepath.Join(full, "word", "document.xml")); string(got) != "mine" {
		t.Error("an existing file was overwritten")
	}
	empty := filepath.Join(parent, "empty")
	os.Mkdir(empty, 0o755)
	if err := Unpack(bytes.NewReader(data), int64(len(data)), empty); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(filepath.Join(empty, "word", "styles.xml")); string(got) != "<w:styles/>" {
		t.Errorf("word/styles.xml: %q", got)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 2 {
		t.Errorf("parent holds %v, want full and empty only", entries)
	}
	// A file in the way is left alone, and so is the directory beside it.
	file := filepath.Join(parent, "file")
	os.WriteFile(file, []byte("keep"), 0o644)
	if err := Unpack(bytes.NewReader(data), int64(len(data)), file); err == nil || !strings.Contains(err.Error(), "каталог") {
		t.Errorf("onto a file: %v", err)
	}
	if got, _ := os.ReadFile(file); string(got) != "keep" {
		t.Error("the file was replaced")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 3 {
		t.Errorf("parent holds %v, want empty, full and file", entries)
	}
	// A fresh directory, parents made as needed, readable by others.
	fresh := filepath.Join(parent, "a", "b", "docx")
	if err := Unpack(bytes.NewReader(data), int64(len(data)), fresh); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(fresh); err != nil || st.Mode().Perm() != 0o755 {
		t.Errorf("%s: %v %v", fresh, st.Mode(), err)
	}
}

// Pack gives the same bytes for the same directory, [Content_Types].xml
// and the package relationships first, every part dated 1980-01-01 with no
// extra field and its sizes in its local header (zipx.Check); Unpack
// gives the files back.
func TestPackDeterministic(t *testing.T) {
	var a, b bytes.Buffer
	if err := Pack(os.DirFS(builtinDocx), &a); err != nil {
		t.Fatal(err)
	}
	if err := Pack(os.DirFS(builtinDocx), &b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two packs of one directory differ")
	}
	if err := zipx.Check(a.Bytes()); err != nil {
		t.Error(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(a.Bytes()), int64(a.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) < 3 || zr.File[0].Name != "[Content_Types].xml" || zr.File[1].Name != "_rels/.rels" {
		t.Errorf("first parts %v", zr.File[:min(2, len(zr.File))])
	}
	for _, f := range zr.File {
		if f.Flags&0x8 != 0 {
			t.Errorf("%s: sizes in a data descriptor, not in the local header", f.Name)
		}
	}
	dir := filepath.Join(t.TempDir(), "docx")
	if err := Unpack(bytes.NewReader(a.Bytes()), int64(a.Len()), dir); err != nil {
		t.Fatal(err)
	}
	if got, want := tree(t, dir), tree(t, builtinDocx); got != want {
		t.Error("pack → unpack changed the files")
	}
}
