package cli

// analyze --district: the municipal analysis rolled up from a folder or zip
// of schools' monitoring workbooks (pkg/analysis.ReadDistrict, District).

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// districtFlags are analyze's flags of the district roll-up.
type districtFlags struct {
	path, org *string
	target    *float64
}

func addDistrictFlags(fs *flag.FlagSet) districtFlags {
	return districtFlags{
		path: fs.String("district", "", "сводный анализ района: каталог или архив .zip с книгами мониторинга школ (.xlsx) или их JSON"),
		org: fs.String("organization", "", "с --district: полное наименование органа управления образованием (по умолчанию — общая "+
			"вышестоящая организация школ, parent)"),
		target: fs.Float64("target", 0, "с --district: целевая доля выполненных мероприятий, % (линия на диаграмме; 0 — нет)"),
	}
}

// set reports whether the district roll-up is asked for.
func (d districtFlags) set() bool { return *d.path != "" }

// usage checks the arguments of the roll-up: no plan beside the folder.
func (d districtFlags) usage(pos []string, date string) string {
	if len(pos) != 0 || date == "" {
		return "с --district КАТАЛОГ|АРХИВ.zip укажите --date ДД.ММ.ГГГГ и не указывайте план (kartograf analyze -h)"
	}
	if *d.target < 0 || *d.target > 100 {
		return "--target: доля в процентах, от 0 до 100"
	}
	return ""
}

// analyzeDistrict reads the schools, writes the analysis JSON and renders
// it. A school that cannot be read is listed in the document and on
// stderr; the command then exits 1 after writing everything.
func (c *cli) analyzeDistrict(d districtFlags, dirs *dirsFlag, day time.Time, fmts []kartograf.Format, title, out, keep, indicators string) int {
	src := filepath.Clean(*d.path)
	eng, err := c.engine(dirs)
	if err != nil {
		return c.report("analyze", err)
	}
	in, err := analysis.ReadDistrict(c.ctx, eng, src)
	if err != nil {
		return c.report(src, err)
	}
	if n := len(in.Ignored); n > 0 {
		fmt.Fprintf(c.stderr, "%s: пропущено файлов, которые не являются данными школ: %d", src, n)
		if n <= 3 {
			fmt.Fprintf(c.stderr, " (%s)", strings.Join(in.Ignored, "; "))
		}
		fmt.Fprintln(c.stderr)
	}
	unread := 0
	for _, s := range in.Schools {
		if s.Problem != "" {
			unread++
			fmt.Fprintf(c.stderr, "%s: %s: не прочитан: %s\n", src, s.Source, s.Problem)
		}
	}
	opts := analysis.DistrictOptions{Options: analysis.Options{Date: day, Title: title}, Target: *d.target}
	if org := strings.TrimSpace(*d.org); org != "" {
		opts.Organization = &document.Organization{FullName: org}
	}
	if keep != "" {
		prev, err := c.readDoc(keep)
		if err != nil {
			return c.report(keep, err)
		}
		opts.Conclusions, opts.Tasks, opts.Signature = analysis.Narrative(prev)
	}
	if indicators != "" {
		if opts.Indicators, err = readDistrictIndicatorsFile(indicators); err != nil {
			return c.report(indicators, err)
		}
	}
	doc, err := analysis.District(in.Schools, opts)
	if errors.Is(err, analysis.ErrNoOrganization) {
		fmt.Fprintf(c.stderr, "%s: %v (--organization «…»)\n", src, err)
		return exitUsage
	}
	if err != nil {
		return c.report(src, err)
	}
	// Entries matching no school are listed in the document; said here too,
	// and the run fails after writing, as for an unread school.
	unmatched := analysis.UnmatchedIndicators(in.Schools, opts.Indicators)
	for _, p := range unmatched {
		fmt.Fprintf(c.stderr, "%s: не учтены: %s\n", indicators, p)
	}
	// Beside the folder or archive, not in it: a next run must not read the
	// analysis as a school.
	dir := out
	if dir == "" {
		dir = filepath.Dir(src)
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		return c.report("analyze", err)
	}
	name := filepath.Base(src)
	if strings.EqualFold(filepath.Ext(name), ".zip") {
		name = name[:len(name)-len(".zip")]
	}
	if name == "." || name == string(filepath.Separator) || name == "" {
		name = "district"
	}
	base := filepath.Join(dir, name+"-analysis")
	if err := c.writeJSON(base+".json", doc); err != nil {
		return c.report("analyze", err)
	}
	fmt.Fprintf(c.stderr, "%s: %s\n", src, base+".json")
	// One preparation (validation, input hash, view) for every format.
	p, err := eng.Prepare(c.ctx, doc, "")
	if err != nil {
		return c.report(src, err)
	}
	for _, f := range fmts {
		path := base + "." + string(f)
		res, err := writeAtomic(path, func(w io.Writer) (*kartograf.Result, error) {
			return eng.RenderPrepared(c.ctx, w, p, kartograf.RenderOptions{Format: f})
		})
		if err != nil {
			return c.report(src, err)
		}
		fmt.Fprintf(c.stderr, "%s: %s (%s)\n", src, path, res.Template)
	}
	fmt.Fprintf(c.stderr, "%s: прочитано школ %d из %d\n", src, len(in.Schools)-unread, len(in.Schools))
	if unread > 0 || len(unmatched) > 0 {
		return exitFail
	}
	return exitOK
}

// readDistrictIndicatorsFile reads the schools' indicators of --indicators
// with --district.
func readDistrictIndicatorsFile(path string) ([]analysis.SchoolIndicators, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return analysis.ReadDistrictIndicators(f, path)
}
