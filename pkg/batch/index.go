package batch

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/csvsafe"
	"github.com/kartograf-ru/kartograf/internal/zipx"
	"github.com/kartograf-ru/kartograf/pkg/analysis"
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
	// AnalysisDate (ДД.ММ.ГГГГ) is set when the run made the analyses;
	// District is the district analysis, when the run made one.
	AnalysisDate string           `json:"analysis_date,omitempty"`
	District     *DistrictOutcome `json:"district_analysis,omitempty"`
}

// NewIndex describes a finished run.
func NewIndex(job Job, sum *Summary) *Index {
	idx := &Index{Generator: "kartograf " + kartograf.Version, To: job.To, Shard: job.Shard.String(),
		Rendered: sum.Rendered, Skipped: sum.Skipped, Failed: sum.Failed, Schools: sum.Outcomes, District: sum.District}
	if job.Analysis != nil {
		idx.AnalysisDate = analysis.DateText(job.Analysis.Date)
	}
	for _, f := range job.Formats {
		idx.Formats = append(idx.Formats, string(f))
	}
	return idx
}

// IndexNames are the file names of the index: index.json, index.csv and
// index.xlsx, or index-<i>-of-<n>.* for a shard, so that shards sharing a
// directory do not overwrite each other's.
func IndexNames(s Shard) (jsonName, csvName, xlsxName string) {
	base := "index"
	if s.Count > 1 {
		base = fmt.Sprintf("index-%d-of-%d", s.Index, s.Count)
	}
	return base + ".json", base + ".csv", base + ".xlsx"
}

// JSON is the index as indented JSON.
func (idx *Index) JSON() ([]byte, error) {
	data, err := json.MarshalIndent(idx, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("index.json: %w", err)
	}
	return append(data, '\n'), nil
}

// rows is the index as a table, header first: one row per file, a failed
// school gets one row with its error.
func (idx *Index) rows() [][]string {
	rows := [][]string{{"id", "short_name", "status", "format", "path", "sha256", "size", "template", "input_hash", "error"}}
	for _, o := range idx.Schools {
		if len(o.Files) == 0 {
			rows = append(rows, []string{o.ID, o.ShortName, o.Status, "", "", "", "", o.Template, o.InputHash, o.Error})
		}
		for _, f := range o.Files {
			if f.Kind == KindAnalysis && o.Analysis != nil {
				rows = append(rows, analysisRow(o.ID, o.ShortName, o.Analysis, f))
				continue
			}
			rows = append(rows, []string{o.ID, o.ShortName, o.Status, f.Format, f.Path, f.SHA256, strconv.FormatInt(f.Size, 10), o.Template, o.InputHash, ""})
		}
		if a := o.Analysis; a != nil && a.Status == StatusFailed {
			rows = append(rows, []string{o.ID, o.ShortName, a.Status, "", "", "", "", "", "", "анализ: " + a.Error})
		}
	}
	if d := idx.District; d != nil {
		// No school has an empty id: the row is told by it and its name.
		if len(d.Files) == 0 {
			rows = append(rows, []string{"", DistrictRowName, d.Status, "", "", "", "", d.Template, d.InputHash, d.Error})
		}
		for _, f := range d.Files {
			rows = append(rows, analysisRow("", DistrictRowName, &d.AnalysisOutcome, f))
		}
	}
	return rows
}

// DistrictRowName names the district analysis in the index table.
const DistrictRowName = "Сводный анализ района"

// analysisRow is an analysis's file in the index table, with the status,
// template and input hash of the analysis rather than of the roadmap.
func analysisRow(id, name string, a *AnalysisOutcome, f File) []string {
	return []string{id, name, a.Status, f.Format, f.Path, f.SHA256, strconv.FormatInt(f.Size, 10), a.Template, a.InputHash, ""}
}

// CSV is the index table in the dialect Russian Excel opens by
// double-click (UTF-8 with a BOM, «;», CRLF). A value a spreadsheet would
// evaluate — a school name like «=HYPERLINK(…)» or «+1+1» — gets a leading
// apostrophe (package csvsafe); index.json and index.xlsx keep it exact.
// No field is a negative number, so the «-» rule changes no real value.
func (idx *Index) CSV() ([]byte, error) {
	data, err := csvsafe.Encode(idx.rows())
	if err != nil {
		return nil, fmt.Errorf("index.csv: %w", err)
	}
	return data, nil
}

// encode is the index's files, by name.
func (idx *Index) encode(s Shard) (names [3]string, data [3][]byte, err error) {
	if data[0], err = idx.JSON(); err != nil {
		return names, data, err
	}
	if data[1], err = idx.CSV(); err != nil {
		return names, data, err
	}
	if data[2], err = idx.XLSX(); err != nil {
		return names, data, err
	}
	names[0], names[1], names[2] = IndexNames(s)
	return names, data, nil
}

// WriteFiles writes index.json, index.csv and index.xlsx into dir
// atomically.
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

// zipFiles adds a school's documents to the archive, stored: they are
// compressed already.
func zipFiles(zw *zipx.Writer, files []File, data [][]byte) error {
	for i, f := range files {
		if err := zw.Store(f.Path, data[i]); err != nil {
			return err
		}
	}
	return nil
}

// WriteZip packs the index and every file of the run from dir into w.
// The same run gives the same bytes (package zipx): entries go in the
// index's order, schools in registry order, then the index files.
func WriteZip(w io.Writer, dir string, idx *Index, s Shard) error {
	zw := zipx.NewWriter(context.Background(), w)
	for _, o := range idx.Schools {
		if err := storeFiles(zw, dir, o.Files); err != nil {
			return err
		}
	}
	if idx.District != nil {
		if err := storeFiles(zw, dir, idx.District.Files); err != nil {
			return err
		}
	}
	if err := idx.zipIndex(zw, s); err != nil {
		return err
	}
	return zw.Close()
}

// storeFiles adds files from dir to an archive, stored.
func storeFiles(zw *zipx.Writer, dir string, files []File) error {
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			return fmt.Errorf("архив: %w", err)
		}
		if err := zw.Store(f.Path, data); err != nil {
			return fmt.Errorf("архив: %w", err)
		}
	}
	return nil
}

// zipIndex adds index.json, index.csv and index.xlsx to an archive.
func (idx *Index) zipIndex(zw *zipx.Writer, s Shard) error {
	names, data, err := idx.encode(s)
	if err != nil {
		return err
	}
	for i := range names {
		// The workbook is a zip already; the text files are deflated.
		add := zw.Deflate
		if i == 2 {
			add = zw.Store
		}
		if err := add(names[i], data[i]); err != nil {
			return fmt.Errorf("архив: %w", err)
		}
	}
	return nil
}

// Stream runs job with every file going into a zip written to w as the
// schools finish, followed by the index; for the HTTP service.
func Stream(ctx context.Context, w io.Writer, job Job) (*Summary, error) {
	zw := zipx.NewWriter(ctx, w)
	job.Out, job.zip = "", zw
	sum, err := Run(ctx, job)
	if err != nil {
		return sum, err
	}
	if err := NewIndex(job, sum).zipIndex(zw, job.Shard); err != nil {
		return sum, err
	}
	return sum, zw.Close()
}
