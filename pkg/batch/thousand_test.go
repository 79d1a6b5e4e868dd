//go:build !race

package batch

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kartograf-ru/kartograf/internal/testtool"
	"github.com/kartograf-ru/kartograf/pkg/xlsximport"
)

// TestThousandSchools is the district-scale run: 1 000 schools in three
// formats, every file checked. It is left out of -race runs (CI runs it
// on its own), where it would take minutes.
func TestThousandSchools(t *testing.T) {
	if testing.Short() {
		t.Skip("1 000 schools: not in -short")
	}
	out := t.TempDir()
	job := newJob(t, out, 1000)
	sum, err := Run(context.Background(), job)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Rendered != 1000 || sum.Failed != 0 {
		t.Fatalf("%d rendered, %d failed", sum.Rendered, sum.Failed)
	}
	idx := NewIndex(job, sum)
	if err := idx.WriteFiles(out, job.Shard); err != nil {
		t.Fatal(err)
	}
	files := 0
	for i, o := range idx.Schools {
		s := job.Schools[i]
		if o.ID != s.ID || len(o.Files) != 3 {
			t.Fatalf("index entry %d: %+v", i, o)
		}
		for _, f := range o.Files {
			files++
			data, err := os.ReadFile(filepath.Join(out, f.Path))
			if err != nil || fileSum(data) != f.SHA256 {
				t.Fatalf("%s does not match the index: %v", f.Path, err)
			}
			switch f.Format {
			case "pdf":
				if !bytes.HasPrefix(data, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(data), []byte("%%EOF")) {
					t.Errorf("%s is not a whole PDF", f.Path)
				}
			case "docx":
				if err := checkDocx(data, s.FullName); err != nil {
					t.Errorf("%s: %v", f.Path, err)
				}
			case "xlsx":
				d, err := xlsximport.Read(bytes.NewReader(data), int64(len(data)))
				if err != nil || d.Organization.FullName != s.FullName || d.Approvals[1].Number != s.ApprovalOrderNumber {
					t.Errorf("%s: %v", f.Path, err)
				}
			}
		}
	}
	if files != 3000 {
		t.Errorf("%d files", files)
	}
	// Real readers on a sample: poppler on every 50th PDF, LibreOffice on
	// two DOCX.
	for i := 0; i < 1000; i += 50 {
		s := job.Schools[i]
		text := testtool.Run(t, "pdftotext", "-raw", filepath.Join(out, s.ID+".pdf"), "-")
		if !strings.Contains(strings.ReplaceAll(text, "\u00a0", " "), s.ShortName) {
			t.Errorf("%s.pdf text lacks %q", s.ID, s.ShortName)
		}
	}
	bin := testtool.Require(t, "soffice")
	for _, id := range []string{"s0001", "s1000"} {
		dir := t.TempDir()
		cmd := exec.Command(bin, "--headless", "--norestore", "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
			"--convert-to", "txt:Text (encoded):UTF8", "--outdir", dir, filepath.Join(out, id+".docx"))
		if msg, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("soffice: %v\n%s", err, msg)
		}
		txt, err := os.ReadFile(filepath.Join(dir, id+".txt"))
		if err != nil || !strings.Contains(string(txt), "Создание рабочей группы") || !strings.Contains(string(txt), "2024-2025") {
			t.Errorf("LibreOffice's text of %s.docx lacks the plan rows: %v", id, err)
		}
	}
}

// checkDocx opens a DOCX as a package and parses its main part.
func checkDocx(data []byte, want string) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return err
	}
	for _, f := range zr.File {
		if f.Name != "word/document.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return err
		}
		defer rc.Close()
		body, err := io.ReadAll(rc)
		if err != nil {
			return err
		}
		dec := xml.NewDecoder(bytes.NewReader(body))
		for {
			if _, err := dec.Token(); err == io.EOF {
				break
			} else if err != nil {
				return err
			}
		}
		if !bytes.Contains(body, []byte(want)) {
			return errNoName
		}
		return nil
	}
	return errNoBody
}

type docxError string

func (e docxError) Error() string { return string(e) }

const (
	errNoName = docxError("the school's name is not in word/document.xml")
	errNoBody = docxError("no word/document.xml")
)
