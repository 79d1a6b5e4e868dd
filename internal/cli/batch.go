package cli

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/internal/atomicfile"
	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/batch"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/registry"
	"github.com/kartograf-ru/kartograf/pkg/rollover"
)

func (c *cli) rollover(args []string) int {
	fs, _ := c.flags("rollover")
	to := fs.String("to", "", "новый учебный год, например 2024-2025 (или календарный год)")
	out := fs.String("o", "-", "выходной JSON («-» — stdout)")
	check := func(pos []string) string {
		if len(pos) != 1 || *to == "" {
			return "укажите --to ГОД и один входной файл JSON или PDF/A-3u с исходными данными"
		}
		return ""
	}
	return c.invoke(fs, nil, args, check, func(pos []string, _ *kartograf.Engine) int {
		doc, err := c.readDoc(pos[0])
		if err != nil {
			return c.report(pos[0], err)
		}
		next, rep, err := rollover.Roll(doc, *to)
		if err != nil {
			return c.report(pos[0], err)
		}
		if err := c.writeJSON(*out, next); err != nil {
			return c.report(pos[0], err)
		}
		if err := rep.WriteText(c.stderr); err != nil {
			return exitFail
		}
		return exitOK
	})
}

// writeJSON writes v as indented JSON to path, atomically, or to stdout
// for "-": the documents import and rollover give back.
func (c *cli) writeJSON(path string, v any) error {
	encode := func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	if path == "-" {
		return encode(c.stdout)
	}
	return atomicfile.Write(path, atomicfile.Mode, encode)
}

func (c *cli) batch(args []string) int {
	fs, dirs := c.flags("batch")
	plan := fs.String("plan", "", "общий план (JSON или PDF/A-3u с исходными данными) или каталог документов прошлого года ИД.json / ИД.xlsx / ИД.pdf")
	reg := fs.String("registry", "", "реестр школ: CSV, XLSX или JSON")
	to := fs.String("to", "", "перенести на учебный год, например 2024-2025")
	formats := fs.String("f", "pdf", "форматы через запятую: pdf,docx,xlsx")
	out := fs.String("o", "", "каталог результатов")
	zipFile := fs.String("zip", "", "упаковать результат в ZIP")
	jobs := fs.Int("jobs", 0, "параллельных обработчиков (по умолчанию — по числу ядер)")
	shard := fs.String("shard", "", "взять часть i/n реестра (каждую n-ю школу начиная с i, 0 ≤ i < n)")
	tmpl := fs.String("t", "", "шаблон ID@ВЕРСИЯ (по умолчанию — из документа)")
	an := addBatchAnalysisFlags(fs)
	check := func(pos []string) string {
		if len(pos) != 0 || *plan == "" || *reg == "" || *out == "" {
			return "укажите --plan, --registry и -o (kartograf batch -h)"
		}
		return an.usage()
	}
	// The engine comes after the formats and the shard: those are usage
	// errors, and they are told first.
	return c.invoke(fs, nil, args, check, func([]string, *kartograf.Engine) int {
		// Only an absent --jobs means "one per core": an explicit 0 or a
		// negative count is a mistake (a script's empty variable, a typo).
		given := false
		fs.Visit(func(f *flag.Flag) { given = given || f.Name == "jobs" })
		if given && *jobs <= 0 {
			fmt.Fprintf(c.stderr, "batch: --jobs %d: число параллельных обработчиков должно быть больше нуля (без --jobs — по числу ядер)\n", *jobs)
			return exitUsage
		}
		job := batch.Job{To: *to, Template: *tmpl, Out: *out, Workers: *jobs}
		var err error
		for _, f := range strings.Split(*formats, ",") {
			ff, err := kartograf.ParseFormat(strings.TrimSpace(f))
			if err != nil {
				fmt.Fprintln(c.stderr, "batch:", russianOS(err))
				return exitUsage
			}
			job.Formats = append(job.Formats, ff)
		}
		if *shard != "" {
			if job.Shard, err = batch.ParseShard(*shard); err != nil {
				fmt.Fprintln(c.stderr, "batch:", russianOS(err))
				return exitUsage
			}
		}
		if job.Analysis, err = an.analysis(); err != nil {
			fmt.Fprintln(c.stderr, "batch:", err)
			return exitUsage
		}
		if job.Engine, err = c.engine(dirs); err != nil {
			return c.report("batch", err)
		}
		if job.Schools, err = registry.ReadFile(*reg); err != nil {
			return c.report("batch: реестр", err)
		}
		if err := c.loadPlan(&job, *plan); err != nil {
			return c.report(*plan, err)
		}
		if job.Analysis != nil && job.Previous == nil {
			fmt.Fprintln(c.stderr, "batch: --analysis-date: анализ строится по документам прошлого года с отметками мониторинга — "+
				"укажите в --plan каталог документов школ ИД.json или ИД.xlsx, а не общий план")
			return exitUsage
		}
		rep := &batch.Reporter{W: c.stderr, Terminal: isTerminal(c.stderr)}
		job.Progress = rep.Report
		start := time.Now()
		sum, runErr := batch.Run(c.ctx, job)
		if sum == nil {
			return c.report("batch", runErr)
		}
		idx := batch.NewIndex(job, sum)
		if err := idx.WriteFiles(*out, job.Shard); err != nil {
			return c.report("batch", err)
		}
		if *zipFile != "" && runErr == nil {
			if _, err := writeAtomic(*zipFile, func(w io.Writer) (*kartograf.Result, error) {
				return nil, batch.WriteZip(w, *out, idx, job.Shard)
			}); err != nil {
				return c.report("batch", err)
			}
		}
		fmt.Fprintf(c.stderr, "batch: сформировано %d, без изменений %d, ошибок %d за %s; %s\n",
			sum.Rendered, sum.Skipped, sum.Failed, time.Since(start).Round(10*time.Millisecond), filepath.Join(*out, "index.json"))
		if runErr != nil {
			fmt.Fprintln(c.stderr, "batch:", runErr)
			return exitFail
		}
		if job.Analysis != nil && !reportAnalysis(c.stderr, *out, sum) {
			return exitFail
		}
		if sum.Failed > 0 {
			return exitFail
		}
		return exitOK
	})
}

// loadPlan reads --plan: one base document, or a directory of last year's
// documents named by school id (JSON, or workbooks written by Kartograf).
func (c *cli) loadPlan(job *batch.Job, path string) error {
	st, err := os.Stat(path)
	if err != nil {
		return err
	}
	if !st.IsDir() {
		job.Base, err = c.readDoc(path)
		return err
	}
	entries, err := os.ReadDir(path)
	if err != nil {
		return err
	}
	job.Previous = map[string]*document.Document{}
	shadowed := pdfShadowed(entries)
	for _, e := range entries {
		ext := strings.ToLower(filepath.Ext(e.Name()))
		// The folder may be last year's batch output: its index and the
		// analyses it wrote are no school's plan.
		if e.IsDir() || (ext != ".json" && ext != ".xlsx" && ext != ".pdf") || analysis.NotSchoolFile(e.Name()) != "" {
			continue
		}
		id := strings.TrimSuffix(e.Name(), filepath.Ext(e.Name()))
		if ext == ".pdf" && shadowed[id] {
			continue
		}
		if _, dup := job.Previous[id]; dup {
			return fmt.Errorf("для школы «%s» два документа прошлого года", id)
		}
		p := filepath.Join(path, e.Name())
		var d *document.Document
		if ext == ".json" {
			d, err = c.readDoc(p)
		} else {
			var data []byte
			if data, err = os.ReadFile(p); err == nil {
				d, err = job.Engine.Import(bytes.NewReader(data), int64(len(data)))
			}
		}
		if err != nil {
			return fmt.Errorf("%s: %w", e.Name(), err)
		}
		job.Previous[id] = d
	}
	if len(job.Previous) == 0 {
		return fmt.Errorf("в каталоге нет документов ИД.json, ИД.xlsx или ИД.pdf")
	}
	return nil
}
