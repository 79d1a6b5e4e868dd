package batch

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/kartograf-ru/kartograf/internal/atomicfile"
)

// stateDir holds one record per finished school.
const stateDir = ".kartograf"

// File is one output file of a school.
type File struct {
	Format string `json:"format"`
	Path   string `json:"path"` // relative to the output directory, slash-separated
	SHA256 string `json:"sha256"`
	Size   int64  `json:"size"`
	// Kind is KindAnalysis for an analysis's file, empty for a roadmap's.
	Kind string `json:"kind,omitempty"`
}

// state is what a finished school leaves in .kartograf/<id>.json: enough to
// tell on the next run whether its files are up to date.
type state struct {
	ID        string `json:"id"`
	InputHash string `json:"input_hash"`
	Template  string `json:"template"`
	Files     []File `json:"files"`
	// Analysis is the analysis whose files are among Files (Kind
	// KindAnalysis), when the run made one.
	Analysis *analysisState `json:"analysis,omitempty"`
}

func statePath(out, id string) string { return filepath.Join(out, stateDir, id+".json") }

// upToDate returns the recorded roadmap files of school id when its state
// matches hash, template and formats and every file is still there with
// its recorded size and SHA-256; nil otherwise.
func upToDate(out, id, hash, template string, formats []string) []File {
	st := readState(out, id)
	if st == nil || st.InputHash != hash || st.Template != template {
		return nil
	}
	return st.intact(out, "", formats)
}

// readState is the state record of id, or nil.
func readState(out, id string) *state {
	data, err := os.ReadFile(statePath(out, id))
	if err != nil {
		return nil
	}
	var st state
	if json.Unmarshal(data, &st) != nil || st.ID != id {
		return nil
	}
	return &st
}

// intact returns the recorded files of kind when there is one per format,
// in order, each still in place; nil otherwise.
func (st *state) intact(out, kind string, formats []string) []File {
	var files []File
	for _, f := range st.Files {
		if f.Kind == kind {
			files = append(files, f)
		}
	}
	if len(files) != len(formats) {
		return nil
	}
	for i, f := range files {
		if f.Format != formats[i] || !sameFile(filepath.Join(out, filepath.FromSlash(f.Path)), f) {
			return nil
		}
	}
	return files
}

func sameFile(path string, f File) bool {
	fh, err := os.Open(path)
	if err != nil {
		return false
	}
	defer fh.Close()
	h := sha256.New()
	n, err := io.Copy(h, fh)
	return err == nil && n == f.Size && "sha256:"+hex.EncodeToString(h.Sum(nil)) == f.SHA256
}

// writeAtomic writes data to path so that the path holds either the old or
// the new content in full, even when the process is killed. It does not
// sync each file: a re-run trusts a school's files only when their sizes
// and SHA-256 match its state (upToDate), so a file a power cut tore is
// made again, and a sync per file would cost a thousand-school run
// seconds to minutes on a spinning disk.
func writeAtomic(path string, data []byte) error {
	return atomicfile.WriteFileUnsynced(path, data, atomicfile.Mode)
}

// removeStale deletes the temporary files of atomicfile that a killed run
// left in out and its state directory.
func removeStale(out string) error {
	for _, dir := range []string{out, filepath.Join(out, stateDir)} {
		entries, err := os.ReadDir(dir)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return err
		}
		for _, e := range entries {
			if !e.IsDir() && atomicfile.IsTemp(e.Name()) {
				if err := os.Remove(filepath.Join(dir, e.Name())); err != nil {
					return fmt.Errorf("временный файл %s: %w", e.Name(), err)
				}
			}
		}
	}
	return nil
}

func fileSum(data []byte) string {
	sum := sha256.Sum256(data)
	return "sha256:" + hex.EncodeToString(sum[:])
}
