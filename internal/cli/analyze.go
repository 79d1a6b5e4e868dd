package cli

// analyze: the analysis of a roadmap's implementation computed from its
// monitoring data (pkg/analysis), written as JSON and rendered.

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

func (c *cli) analyze(args []string) int {
	fs, dirs := c.flags("analyze")
	date := fs.String("date", "", "дата отчёта ДД.ММ.ГГГГ (обязательный флаг): на неё считаются просроченные мероприятия")
	title := fs.String("title", "", "заголовок анализа (по умолчанию «"+analysis.DefaultTitle+"»)")
	out := fs.String("o", "", "каталог результатов (по умолчанию — каталог ПЛАНА)")
	formats := fs.String("formats", "pdf,docx,xlsx", "форматы через запятую: pdf,docx,xlsx; JSON анализа пишется всегда")
	keep := fs.String("keep", "", "прежний анализ JSON: взять из него выводы, задачи и подпись")
	dist := addDistrictFlags(fs)
	indicators := fs.String("indicators", "", "показатели (.json или .xlsx): динамика ВПР, ОГЭ, ЕГЭ по годам; с --district — показатели школ (столбец «Школа» или {\"schools\": …})")
	check := func(pos []string) string {
		if dist.set() {
			return dist.usage(pos, *date)
		}
		if len(pos) != 1 || *date == "" {
			return "укажите один план (.json или .xlsx) и --date ДД.ММ.ГГГГ (kartograf analyze -h)"
		}
		return ""
	}
	return c.invoke(fs, nil, args, check, func(pos []string, _ *kartograf.Engine) int {
		day, err := document.ParseWrittenDate(*date)
		if err != nil {
			fmt.Fprintln(c.stderr, "analyze: --date:", err)
			return exitUsage
		}
		var fmts []kartograf.Format
		for _, f := range strings.Split(*formats, ",") {
			if f = strings.TrimSpace(f); f == "" || f == "json" {
				continue
			}
			ff, err := kartograf.ParseFormat(f)
			if err != nil {
				fmt.Fprintln(c.stderr, "analyze: --formats:", err)
				return exitUsage
			}
			fmts = append(fmts, ff)
		}
		if dist.set() {
			return c.analyzeDistrict(dist, dirs, day.Time(), fmts, *title, *out, *keep, *indicators)
		}
		in := pos[0]
		if in == "-" {
			fmt.Fprintln(c.stderr, "analyze: план читается из файла: укажите путь к .json или .xlsx")
			return exitUsage
		}
		eng, err := c.engine(dirs)
		if err != nil {
			return c.report("analyze", err)
		}
		plan, err := c.readPlan(eng, in)
		if err != nil {
			return c.report(in, err)
		}
		opts := analysis.Options{Date: day.Time(), Title: *title}
		if *keep != "" {
			prev, err := c.readDoc(*keep)
			if err != nil {
				return c.report(*keep, err)
			}
			opts.Conclusions, opts.Tasks, opts.Signature = analysis.Narrative(prev)
		}
		if *indicators != "" {
			if opts.Indicators, err = readIndicatorsFile(*indicators); err != nil {
				return c.report(*indicators, err)
			}
		}
		doc, err := analysis.Build(plan, opts)
		if err != nil {
			return c.report(in, err)
		}
		dir := *out
		if dir == "" {
			dir = filepath.Dir(in)
		} else if err := os.MkdirAll(dir, 0o755); err != nil {
			return c.report("analyze", err)
		}
		base := filepath.Join(dir, strings.TrimSuffix(filepath.Base(in), filepath.Ext(in))+"-analysis")
		if err := c.writeJSON(base+".json", doc); err != nil {
			return c.report("analyze", err)
		}
		fmt.Fprintf(c.stderr, "%s: %s\n", in, base+".json")
		// One preparation (validation, input hash, view) for every format.
		p, err := eng.Prepare(c.ctx, doc, "")
		if err != nil {
			return c.report(in, err)
		}
		for _, f := range fmts {
			path := base + "." + string(f)
			res, err := writeAtomic(path, func(w io.Writer) (*kartograf.Result, error) {
				return eng.RenderPrepared(c.ctx, w, p, kartograf.RenderOptions{Format: f})
			})
			if err != nil {
				return c.report(in, err)
			}
			fmt.Fprintf(c.stderr, "%s: %s (%s)\n", in, path, res.Template)
		}
		return exitOK
	})
}

// readPlan reads the plan with its monitoring: a document JSON, the
// monitoring workbook as edited in Excel, or a PDF/A-3u with its source
// JSON (the last two read back with Engine.Import).
func (c *cli) readPlan(eng *kartograf.Engine, path string) (*document.Document, error) {
	if ext := filepath.Ext(path); !strings.EqualFold(ext, ".xlsx") && !strings.EqualFold(ext, ".pdf") {
		return c.readDocFor(eng, path, "")
	}
	f, size, err := openSized(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return eng.Import(f, size)
}

// readIndicatorsFile reads the indicator data of --indicators.
func readIndicatorsFile(path string) ([]analysis.Indicator, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return analysis.ReadIndicators(f, path)
}
