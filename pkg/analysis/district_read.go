package analysis

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/kartograf-ru/kartograf/internal/lazyre"

	"golang.org/x/text/encoding/charmap"

	"github.com/kartograf-ru/kartograf"
)

// Limits of ReadDistrict.
const (
	// MaxDistrictEntries bounds the files of a folder (walked with its
	// subfolders) or the entries of a zip: a district is tens of schools,
	// a region a few hundred, each with a few files.
	MaxDistrictEntries = MaxSchools
	// MaxSchoolFile bounds one school's workbook or JSON, unpacked.
	MaxSchoolFile = 32 << 20
	// maxProblem bounds the reason printed for an unread school: a broken
	// JSON may list hundreds of problems.
	maxProblem = 400
)

// indexName is the batch run's index (index.json, index-0-of-4.xlsx …):
// it lists the schools but is none.
var indexName = lazyre.New(`^index(-\d+-of-\d+)?\.(json|xlsx|csv)$`)

// DistrictInput is what ReadDistrict found.
type DistrictInput struct {
	// Schools in the order of their ids (file paths without extension),
	// each with its plan or the reason it could not be read.
	Schools []SchoolPlan
	// Ignored are the files that are no school's data, with why: other
	// formats (the batch's PDF and DOCX), the batch index, Excel's lock
	// files, a JSON beside the same school's workbook.
	Ignored []string
}

// candidate is one school's file before it is read.
type candidate struct {
	id, source string
	size       int64
	open       func() (io.ReadCloser, error)
}

// ReadDistrict reads the schools of a district from a folder or a zip
// archive (path ending in .zip): every monitoring workbook (.xlsx, as
// `kartograf batch -f xlsx` wrote it and the school edited it in Excel)
// through eng.Import and every document JSON through eng.Decode. A school
// whose file cannot be read is in Schools with its Problem; it never stops
// the others. When a school has both ИД.xlsx and ИД.json, the workbook
// (with the school's marks) is read and the JSON ignored. Folder and
// archive are bounded by MaxDistrictEntries files and MaxSchoolFile bytes
// per file; ctx stops the reading between files.
func ReadDistrict(ctx context.Context, eng *kartograf.Engine, src string) (*DistrictInput, error) {
	st, err := os.Stat(src)
	if err != nil {
		return nil, err
	}
	in := &DistrictInput{}
	var cands []candidate
	switch {
	case st.IsDir():
		cands, err = dirCandidates(src, in)
	case strings.EqualFold(filepath.Ext(src), ".zip"):
		var zr *zip.ReadCloser
		if zr, err = zip.OpenReader(src); err != nil {
			return nil, fmt.Errorf("архив %s не читается: %w", filepath.Base(src), err)
		}
		defer zr.Close()
		cands, err = zipCandidates(&zr.Reader, in)
	default:
		return nil, fmt.Errorf("%s: укажите каталог с книгами мониторинга школ или архив .zip", src)
	}
	if err != nil {
		return nil, err
	}
	return readCandidates(ctx, eng, cands, in)
}

// ReadDistrictZip is ReadDistrict over a zip archive already in memory,
// as the web page receives it.
func ReadDistrictZip(ctx context.Context, eng *kartograf.Engine, zr *zip.Reader) (*DistrictInput, error) {
	in := &DistrictInput{}
	cands, err := zipCandidates(zr, in)
	if err != nil {
		return nil, err
	}
	return readCandidates(ctx, eng, cands, in)
}

// readCandidates reads the schools' files found in a folder or an archive.
func readCandidates(ctx context.Context, eng *kartograf.Engine, cands []candidate, in *DistrictInput) (*DistrictInput, error) {
	cands = pickCandidates(cands, in)
	if len(cands) == 0 {
		return nil, ErrNoSchools
	}
	in.Schools = make([]SchoolPlan, len(cands))
	// Reading a workbook is most of the roll-up's time: the schools are
	// read in parallel, each into its own slot, so the order stays the ids'.
	work := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(cands)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				in.Schools[i] = readSchool(eng, cands[i])
			}
		}()
	}
	for i := range cands {
		if ctx.Err() != nil {
			break
		}
		work <- i
	}
	close(work)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return in, nil
}

// kindOf sorts a file name: "xlsx" or "json" for a school's data, else
// why it is ignored ("" for a file not worth mentioning).
func kindOf(name string) (kind, ignored string) {
	if why := NotSchoolFile(name); why != "" {
		return "", why
	}
	if ext := strings.ToLower(path.Ext(name)); ext == ".xlsx" || ext == ".json" {
		return ext[1:], ""
	}
	return "", name + ": не книга мониторинга (.xlsx) и не документ JSON"
}

// NotSchoolFile says why a file among the schools' documents — a batch
// output folder, as the next year's plans or a district's roll-up read it
// — is no school's plan: an office lock file, the batch's index, or an
// analysis Kartograf wrote there (ИД-analysis.*, district-analysis.*,
// `batch --analysis-date`). "" for any other file.
func NotSchoolFile(name string) string {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	lower := strings.ToLower(base)
	switch {
	case strings.HasPrefix(base, "~$") || strings.HasPrefix(base, ".~lock."):
		return base + ": файл блокировки Excel или LibreOffice"
	case indexName.MatchString(lower):
		return name + ": индекс пакетного формирования"
	case strings.HasSuffix(strings.TrimSuffix(lower, path.Ext(lower)), "-analysis"):
		return name + ": анализ реализации, сформированный Kartograf"
	}
	return ""
}

func dirCandidates(dir string, in *DistrictInput) ([]candidate, error) {
	var out []candidate
	entries := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			// .kartograf holds the batch's state records, not schools.
			if p != dir && (strings.HasPrefix(d.Name(), ".") || d.Name() == "__MACOSX") {
				return fs.SkipDir
			}
			return nil
		}
		if entries++; entries > MaxDistrictEntries {
			return fmt.Errorf("в каталоге %s больше %d файлов: разделите район на части", dir, MaxDistrictEntries)
		}
		kind, why := kindOf(rel)
		if kind == "" {
			in.Ignored = append(in.Ignored, why)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, candidate{id: strings.TrimSuffix(rel, path.Ext(rel)), source: rel, size: info.Size(),
			open: func() (io.ReadCloser, error) { return os.Open(p) }})
		return nil
	})
	return out, err
}

func zipCandidates(zr *zip.Reader, in *DistrictInput) ([]candidate, error) {
	if len(zr.File) > MaxDistrictEntries {
		return nil, fmt.Errorf("в архиве больше %d файлов: разделите район на части", MaxDistrictEntries)
	}
	var out []candidate
	for _, f := range zr.File {
		name := zipName(f)
		if strings.HasSuffix(name, "/") || f.FileInfo().IsDir() {
			continue
		}
		skip := false
		for _, part := range strings.Split(path.Dir(name), "/") {
			skip = skip || strings.HasPrefix(part, ".") && part != "." || part == "__MACOSX"
		}
		if skip {
			continue
		}
		kind, why := kindOf(name)
		if kind == "" {
			in.Ignored = append(in.Ignored, why)
			continue
		}
		out = append(out, candidate{id: strings.TrimSuffix(name, path.Ext(name)), source: name,
			size: int64(min(f.UncompressedSize64, 1<<62)), open: f.Open})
	}
	return out, nil
}

// zipName is an entry's name as the school wrote it: Windows' «Send to
// compressed folder» writes Cyrillic names in CP866 without the UTF-8 flag.
func zipName(f *zip.File) string {
	name := f.Name
	if f.NonUTF8 && !utf8.ValidString(name) {
		if s, err := charmap.CodePage866.NewDecoder().String(name); err == nil {
			name = s
		}
	}
	return strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(name, `\`, "/")), "/")
}

// pickCandidates orders the candidates by id and keeps one per school:
// the workbook, which holds the school's marks, before a JSON.
func pickCandidates(cands []candidate, in *DistrictInput) []candidate {
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].id != cands[j].id {
			return cands[i].id < cands[j].id
		}
		return strings.HasSuffix(strings.ToLower(cands[i].source), ".xlsx") &&
			!strings.HasSuffix(strings.ToLower(cands[j].source), ".xlsx")
	})
	var out []candidate
	for _, c := range cands {
		if n := len(out); n > 0 && strings.EqualFold(out[n-1].id, c.id) {
			in.Ignored = append(in.Ignored, c.source+": у этой школы уже прочитан "+out[n-1].source)
			continue
		}
		out = append(out, c)
	}
	sort.Strings(in.Ignored)
	return out
}

// readSchool reads one school's file; every failure is the school's
// Problem.
func readSchool(eng *kartograf.Engine, c candidate) SchoolPlan {
	s := SchoolPlan{ID: c.id, Source: c.source}
	fail := func(err error) SchoolPlan {
		msg := strings.Join(strings.Fields(err.Error()), " ")
		if utf8.RuneCountInString(msg) > maxProblem {
			msg = string([]rune(msg)[:maxProblem]) + "…"
		}
		s.Problem = msg
		return s
	}
	if c.size > MaxSchoolFile {
		return fail(fmt.Errorf("файл больше %d МиБ", MaxSchoolFile>>20))
	}
	rc, err := c.open()
	if err != nil {
		return fail(err)
	}
	// The size in a zip's directory is the archive's word: the reading
	// itself is bounded too.
	data, err := io.ReadAll(io.LimitReader(rc, MaxSchoolFile+1))
	rc.Close()
	if err != nil {
		return fail(fmt.Errorf("файл не читается: %w", err))
	}
	if len(data) > MaxSchoolFile {
		return fail(fmt.Errorf("файл больше %d МиБ", MaxSchoolFile>>20))
	}
	if strings.HasSuffix(strings.ToLower(c.source), ".xlsx") {
		s.Plan, err = eng.Import(bytes.NewReader(data), int64(len(data)))
	} else {
		s.Plan, err = eng.Decode(data, "")
	}
	if err != nil {
		s.Plan = nil
		return fail(err)
	}
	if s.Plan == nil {
		return fail(errors.New("пустой документ"))
	}
	return s
}
