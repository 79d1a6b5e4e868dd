package service

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/batch"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/rollover"
)

// maxZipEntries bounds the documents in an uploaded archive.
const maxZipEntries = 2 * DefaultMaxBatchSchools

// postYear checks the registry, the plan and the year, and prepares a job
// whose page shows the rollover report with a button to run it.
func (s *Server) postYear(c *gin.Context) {
	p := s.newPage(c, "year", "Новый учебный год")
	p.Year = &yearForm{Formats: map[string]bool{}}
	f, pr := s.readForm(c)
	if pr != nil {
		s.yearProblem(c, p, pr)
		return
	}
	p.Year.To = f.value("to")
	p.Template = f.value("template")
	for _, v := range f["formats"] {
		p.Year.Formats[strings.TrimSpace(string(v.data))] = true
	}
	job, info, pr := s.readYear(c, f)
	if pr != nil {
		s.yearProblem(c, p, pr)
		return
	}
	id, pr := s.prepareYearJob(c, yearJob{batch: job, info: info})
	if pr != nil {
		s.yearProblem(c, p, pr)
		return
	}
	c.Redirect(http.StatusSeeOther, "/jobs/"+id)
}

// yearJob is a checked form: the batch to run and what its page shows.
type yearJob struct {
	batch batch.Job
	info  *yearInfo
}

// readYear builds the batch job of a posted form, or says what is wrong.
func (s *Server) readYear(c *gin.Context, f form) (batch.Job, *yearInfo, *Problem) {
	var job batch.Job
	info := &yearInfo{To: f.value("to")}
	reg, ok := f.file("registry")
	if !ok {
		return job, nil, newProblem(http.StatusBadRequest, KindInvalidParameter, "выберите файл реестра школ: CSV или XLSX",
			document.Problem{Path: "registry", Message: "файл не выбран"})
	}
	plan, ok := f.file("plan")
	if !ok {
		return job, nil, newProblem(http.StatusBadRequest, KindInvalidParameter, "выберите базовый план или архив документов прошлого года",
			document.Problem{Path: "plan", Message: "файл не выбран"})
	}
	info.Registry, info.Plan = reg.file, plan.file
	name := reg.file
	if ext := strings.ToLower(path.Ext(name)); ext != ".csv" && ext != ".xlsx" {
		if bytes.HasPrefix(reg.data, []byte("PK\x03\x04")) {
			name = "registry.xlsx"
		} else {
			name = "registry.csv"
		}
	}
	schools, err := readRegistry(name, reg.data)
	if err != nil {
		return job, nil, registryProblem(err)
	}
	if len(schools) > s.cfg.MaxBatchSchools {
		return job, nil, newProblem(http.StatusRequestEntityTooLarge, KindTooManyRows,
			fmt.Sprintf("в реестре %d школ, за одно задание допускается не более %d; разделите реестр", len(schools), s.cfg.MaxBatchSchools))
	}
	info.Schools = len(schools)
	tmpl, pr := parseTemplate(f.value("template"))
	if pr != nil {
		return job, nil, pr
	}
	info.Template = tmpl
	job = batch.Job{Schools: schools, To: info.To, Template: tmpl}
	formats := f["formats"]
	if len(formats) == 0 {
		return job, nil, newProblem(http.StatusBadRequest, KindUnsupportedFormat, "отметьте хотя бы один формат",
			document.Problem{Path: "formats", Message: "ни один формат не выбран"})
	}
	for _, v := range formats {
		ff, err := kartograf.ParseFormat(strings.TrimSpace(string(v.data)))
		if err != nil {
			return job, nil, newProblem(http.StatusBadRequest, KindUnsupportedFormat, fmt.Sprintf("формат «%s» не поддерживается; доступны: pdf, docx, xlsx", v.data),
				document.Problem{Path: "formats", Message: "неподдерживаемый формат"})
		}
		job.Formats = append(job.Formats, ff)
		info.Formats = append(info.Formats, strings.ToUpper(string(ff)))
	}
	if strings.EqualFold(path.Ext(plan.file), ".zip") {
		prev, pr := s.readPrevious(plan.data)
		if pr != nil {
			return job, nil, pr
		}
		job.Previous = prev
		for _, sc := range schools {
			if _, ok := prev[sc.ID]; !ok {
				info.Missing = append(info.Missing, sc.ID+" — "+sc.ShortName)
			}
		}
		for _, sc := range schools {
			d, ok := prev[sc.ID]
			if !ok || info.To == "" {
				continue
			}
			roll := schoolRoll{ID: sc.ID}
			if _, rep, err := rollover.Roll(d, info.To); err != nil {
				var te *rollover.TargetError
				if errors.As(err, &te) {
					return job, nil, rolloverProblem(err)
				}
				roll.Problems = err.Error()
			} else {
				roll.Changes, roll.Kept = len(rep.Changes), rep.Kept
			}
			info.PerSchool = append(info.PerSchool, roll)
		}
		return job, info, nil
	}
	base, partial, pr := s.readUpload(plan, tmpl)
	if pr != nil {
		for i := range pr.Errors {
			pr.places = append(pr.places, document.Place(partial, pr.Errors[i].Path, nil))
			pr.Errors[i].Path = joinPath("plan", pr.Errors[i].Path)
		}
		return job, nil, pr
	}
	if pr := s.rowLimit(base, "плане"); pr != nil {
		return job, nil, pr
	}
	if _, err := s.cfg.Engine.Template(base, tmpl); err != nil {
		return job, nil, s.renderProblem(c, err)
	}
	first := base
	if info.To != "" {
		rolled, rep, err := rollover.Roll(base, info.To)
		if err != nil {
			return job, nil, rolloverProblem(err)
		}
		info.Base, first = rep, rolled
	}
	info.plan = base
	// Every school's document is this plan with the school's requisites:
	// a plan that fails for the first school fails for all, so it is
	// shown now rather than as a table of identical failures.
	if len(schools) > 0 {
		d, err := batch.Personalize(first, schools[0], true)
		if err == nil {
			err = s.cfg.Engine.Validate(d, tmpl)
		}
		var ve *document.ValidationError
		if errors.As(err, &ve) {
			pr := newProblem(http.StatusUnprocessableEntity, KindInvalidDocument,
				fmt.Sprintf("план не проходит проверку (проверен с реквизитами первой школы реестра, «%s»): ошибок %d", schools[0].ShortName, len(ve.Problems)), ve.Problems...)
			for _, e := range ve.Problems {
				pr.places = append(pr.places, document.Place(d, e.Path, nil))
			}
			return job, nil, pr
		} else if err != nil {
			return job, nil, s.renderProblem(c, err)
		}
	}
	job.Base = base
	return job, info, nil
}

// readPrevious reads a zip of last year's documents named by school id
// (ИД.json, ИД.xlsx or a PDF/A-3u ИД.pdf), bounded in entries and in
// unpacked bytes.
func (s *Server) readPrevious(data []byte) (map[string]*document.Document, *Problem) {
	bad := func(msg string) *Problem {
		return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, "архив документов прошлого года: "+msg,
			document.Problem{Path: "plan", Message: msg})
	}
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, bad("не открывается как ZIP: " + err.Error())
	}
	if len(zr.File) > maxZipEntries {
		return nil, bad(fmt.Sprintf("в архиве %d файлов, допускается не более %d", len(zr.File), maxZipEntries))
	}
	budget := s.cfg.MaxBodyMemory
	out := map[string]*document.Document{}
	var list []document.Problem
	shadowed := pdfShadowed(zr.File)
	for _, e := range zr.File {
		base := path.Base(e.Name)
		ext := strings.ToLower(path.Ext(base))
		if e.FileInfo().IsDir() || strings.HasPrefix(base, ".") || strings.HasPrefix(e.Name, "__MACOSX/") || (ext != ".json" && ext != ".xlsx" && ext != ".pdf") {
			continue
		}
		id := strings.TrimSuffix(base, path.Ext(base))
		if ext == ".pdf" && shadowed[id] {
			continue
		}
		if _, dup := out[id]; dup {
			list = append(list, document.Problem{Path: e.Name, Message: "для школы «" + id + "» два документа"})
			continue
		}
		rc, err := e.Open()
		if err != nil {
			list = append(list, document.Problem{Path: e.Name, Message: "не читается: " + err.Error()})
			continue
		}
		limit := min(budget, s.cfg.MaxBodyBytes) + 1
		body, err := io.ReadAll(io.LimitReader(rc, limit))
		rc.Close()
		if err != nil {
			list = append(list, document.Problem{Path: e.Name, Message: "не читается: " + err.Error()})
			continue
		}
		if int64(len(body)) >= limit {
			return nil, bad(fmt.Sprintf("файл %s распакованный больше %s или архив целиком больше %s", e.Name, humanBytes(s.cfg.MaxBodyBytes), humanBytes(s.cfg.MaxBodyMemory)))
		}
		budget -= int64(len(body))
		d, _, pr := s.readUpload(formPart{file: base, data: body}, "")
		if pr != nil {
			msg := pr.Detail
			if len(pr.Errors) > 0 {
				msg = fmt.Sprintf("%s: %s", pr.Errors[0].Path, pr.Errors[0].Message)
				if n := len(pr.Errors) - 1; n > 0 {
					msg += fmt.Sprintf(" (и ещё %d)", n)
				}
			}
			list = append(list, document.Problem{Path: e.Name, Message: msg})
			continue
		}
		out[id] = d
	}
	if len(list) > 0 {
		return nil, newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, fmt.Sprintf("документы прошлого года содержат ошибки (%d)", len(list)), list...)
	}
	if len(out) == 0 {
		return nil, bad("нет документов ИД.json, ИД.xlsx или ИД.pdf")
	}
	return out, nil
}

// yearProblem shows the form again with the problem.
func (s *Server) yearProblem(c *gin.Context, p *page, pr *Problem) {
	c.Set(keyProblem, pr)
	s.metrics.errors.WithLabelValues(string(pr.kind)).Inc()
	if pr.kind == KindCSRF {
		s.webProblem(c, pr, "/year")
		return
	}
	p.ProblemTitle, p.ProblemDetail = pr.Title, sentence(pr.Detail)
	p.Problems = &problemTable{}
	for i, e := range pr.Errors {
		row := problemRow{Path: e.Path, Message: e.Message}
		if i < len(pr.places) {
			row.Place = pr.places[i]
		}
		if strings.HasPrefix(e.Path, "registry") {
			row.Place, row.Path = "Реестр"+strings.TrimPrefix(e.Path, "registry"), ""
		}
		p.Problems.Rows = append(p.Problems.Rows, row)
	}
	status := pr.Status
	if status == 499 {
		status = http.StatusBadRequest
	}
	s.html(c, status, "year", p)
}
