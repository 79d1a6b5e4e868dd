package batch

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"kartograf"
)

// Index is index.json: the run's settings and every school's outcome.
type Index struct {
	Generator string    `json:"generator"`
	To        string    `json:"to,omitempty"`
	Formats   []string  `json:"formats"`
	Shard     string    `json:"shard,omitempty"`
	Rendered  int       `json:"rendered"`
	Skipped   int       `json:"skipped"`
	Failed    int       `json:"failed"`
	Schools   []Outcome `json:"schools"`
}

// NewIndex describes a finished run.
func NewIndex(job Job, sum *Summary) *Index {
	idx := &Index{Generator: "kartograf " + kartograf.Version, To: job.To, Shard: job.Shard.String(),
		Rendered: sum.Rendered, Skipped: sum.Skipped, Failed: sum.Failed, Schools: sum.Outcomes}
	for _, f := range job.Formats {
		idx.Formats = append(idx.Formats, string(f))
	}
	return idx
}

// IndexNames are the file names of the index: index.json and index.csv, or
// index-<i>-of-<n>.* for a shard, so that shards sharing a directory do
// not overwrite each other's.
func IndexNames(s Shard) (jsonName, csvName string) {
	base := "index"
	if s.Count > 1 {
		base = fmt.Sprintf("index-%d-of-%d", s.Index, s.Count)
	}
	return base + ".json", base + ".csv"
}

// JSON is the index as indented JSON.
func (idx *Index) JSON() ([]byte, error) {
	data, err := json.MarshalIndent(idx, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("index.json: %w", err)
	}
	return append(data, '\n'), nil
}

// CSV is one row per file (a failed school gets one row with its error),
// UTF-8 with a BOM so that Excel opens the Cyrillic right.
func (idx *Index) CSV() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString("\ufeff")
	w := csv.NewWriter(&b)
	w.Write([]string{"id", "short_name", "status", "format", "path", "sha256", "size", "template", "input_hash", "error"})
	for _, o := range idx.Schools {
		if len(o.Files) == 0 {
			w.Write([]string{o.ID, o.ShortName, o.Status, "", "", "", "", o.Template, o.InputHash, o.Error})
		}
		for _, f := range o.Files {
			w.Write([]string{o.ID, o.ShortName, o.Status, f.Format, f.Path, f.SHA256, strconv.FormatInt(f.Size, 10), o.Template, o.InputHash, ""})
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("index.csv: %w", err)
	}
	return b.Bytes(), nil
}

// encode is the index's two files, by name.
func (idx *Index) encode(s Shard) (names [2]string, data [2][]byte, err error) {
	if data[0], err = idx.JSON(); err != nil {
		return names, data, err
	}
	if data[1], err = idx.CSV(); err != nil {
		return names, data, err
	}
	names[0], names[1] = IndexNames(s)
	return names, data, nil
}

// WriteFiles writes index.json and index.csv into dir atomically.
func (idx *Index) WriteFiles(dir string, s Shard) error {
	names, data, err := idx.encode(s)
	if err != nil {
		return err
	}
	for i := range names {
		if err := writeAtomic(filepath.Join(dir, names[i]), data[i]); err != nil {
			return err
		}
	}
	return nil
}

// zipTime is every entry's modification time: archives of the same run
// are byte-identical.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// zipEntry adds one file; documents are stored (they are compressed
// already), text is deflated.
func zipEntry(zw *zip.Writer, name string, data []byte, deflate bool) error {
	h := &zip.FileHeader{Name: name, Modified: zipTime, Method: zip.Store}
	if deflate {
		h.Method = zip.Deflate
	}
	w, err := zw.CreateHeader(h)
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

func zipFiles(zw *zip.Writer, files []File, data [][]byte) error {
	for i, f := range files {
		if err := zipEntry(zw, f.Path, data[i], false); err != nil {
			return err
		}
	}
	return nil
}

// WriteZip packs the index and every file of the run from dir into w.
func WriteZip(w io.Writer, dir string, idx *Index, s Shard) error {
	zw := zip.NewWriter(w)
	for _, o := range idx.Schools {
		for _, f := range o.Files {
			data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
			if err != nil {
				return fmt.Errorf("архив: %w", err)
			}
			if err := zipEntry(zw, f.Path, data, false); err != nil {
				return fmt.Errorf("архив: %w", err)
			}
		}
	}
	if err := idx.zipIndex(zw, s); err != nil {
		return err
	}
	return zw.Close()
}

// zipIndex adds index.json and index.csv to an archive.
func (idx *Index) zipIndex(zw *zip.Writer, s Shard) error {
	names, data, err := idx.encode(s)
	if err != nil {
		return err
	}
	for i := range names {
		if err := zipEntry(zw, names[i], data[i], true); err != nil {
			return fmt.Errorf("архив: %w", err)
		}
	}
	return nil
}

// Stream runs job with every file going into a zip written to w as the
// schools finish, followed by the index; for the HTTP service.
func Stream(ctx context.Context, w io.Writer, job Job) (*Summary, error) {
	zw := zip.NewWriter(w)
	job.Out, job.Zip = "", zw
	sum, err := Run(ctx, job)
	if err != nil {
		return sum, err
	}
	if err := NewIndex(job, sum).zipIndex(zw, job.Shard); err != nil {
		return sum, err
	}
	return sum, zw.Close()
}
