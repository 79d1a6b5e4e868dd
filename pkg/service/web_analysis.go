package service

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"net/http"
	"path"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// «Анализ реализации»: a plan with its monitoring marks and a reporting
// date in, the analysis computed from them out — shown and downloaded like
// any document, since it is one (template analysis-report).

// analysisForm is what the form shows again.
type analysisForm struct {
	Date, Title, Conclusions, Tasks, Position, Name, Organization string
}

func (s *Server) pageAnalysis(c *gin.Context) {
	if _, pr := query(c); pr != nil {
		s.webProblem(c, pr, "/analysis")
		return
	}
	p := s.newPage(c, "analysis", "Анализ реализации")
	p.Analysis = &analysisForm{}
	s.html(c, http.StatusOK, "analysis", p)
}

func (s *Server) postAnalysis(c *gin.Context) {
	p := s.newPage(c, "analysis", "Анализ реализации")
	p.Analysis = &analysisForm{}
	f, pr := s.readForm(c)
	if pr != nil {
		s.showProblemOn(c, p, "analysis", pr, nil)
		return
	}
	a := p.Analysis
	a.Date, a.Title, a.Conclusions, a.Tasks = f.value("date"), f.value("title"), f.value("conclusions"), f.value("tasks")
	a.Position, a.Name, a.Organization = f.value("position"), f.value("name"), f.value("organization")
	day, err := reportDate(a.Date)
	if err != nil {
		s.showProblemOn(c, p, "analysis", newProblem(http.StatusBadRequest, KindInvalidParameter, "дата отчёта: "+err.Error(),
			document.Problem{Path: "date", Message: err.Error()}), nil)
		return
	}
	file, ok := f.file("file")
	if !ok || len(file.data) == 0 {
		s.showProblemOn(c, p, "analysis", newProblem(http.StatusBadRequest, KindInvalidParameter, "выберите план: книгу Excel мониторинга или JSON",
			document.Problem{Path: "file", Message: "файл не выбран или пуст"}), nil)
		return
	}
	release, pr := s.limit.enter()
	if pr != nil {
		s.showProblemOn(c, p, "analysis", pr, nil)
		return
	}
	defer release()
	opts := analysis.Options{Date: day, Title: a.Title, Conclusions: paragraphs(a.Conclusions), Tasks: paragraphs(a.Tasks)}
	if a.Position != "" || a.Name != "" {
		opts.Signature = &document.Signature{Position: a.Position, Name: a.Name}
	}
	if strings.EqualFold(path.Ext(file.file), ".zip") {
		d := analysis.DistrictOptions{Options: opts}
		if a.Organization != "" {
			d.Organization = &document.Organization{FullName: a.Organization}
		}
		if ind, ok := f.file("indicators"); ok && len(ind.data) > 0 {
			if d.Indicators, err = analysis.ReadDistrictIndicators(bytes.NewReader(ind.data), ind.file); err != nil {
				s.showProblemOn(c, p, "analysis", newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, "показатели: "+err.Error(),
					document.Problem{Path: "indicators", Message: err.Error()}), nil)
				return
			}
		}
		s.districtAnalysis(c, p, file, d)
		return
	}
	plan, partial, pr := s.readUpload(file, "")
	if pr != nil {
		s.showProblemOn(c, p, "analysis", pr, partial)
		return
	}
	if pr := s.rowLimit(plan, "плане"); pr != nil {
		s.showProblemOn(c, p, "analysis", pr, nil)
		return
	}
	if ind, ok := f.file("indicators"); ok && len(ind.data) > 0 {
		if opts.Indicators, err = analysis.ReadIndicators(bytes.NewReader(ind.data), ind.file); err != nil {
			s.showProblemOn(c, p, "analysis", newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, "показатели: "+err.Error(),
				document.Problem{Path: "indicators", Message: err.Error()}), nil)
			return
		}
	}
	doc, err := analysis.Build(plan, opts)
	if err != nil {
		s.showProblemOn(c, p, "analysis", analysisProblem(err), plan)
		return
	}
	s.showDocument(c, p, "analysis", doc, analysis.Template)
}

// districtAnalysis rolls a zip of the schools' monitoring workbooks up
// into the municipal analysis. A school whose file cannot be read is
// listed in the document with its reason, never dropped.
func (s *Server) districtAnalysis(c *gin.Context, p *page, file formPart, opts analysis.DistrictOptions) {
	zr, err := zip.NewReader(bytes.NewReader(file.data), int64(len(file.data)))
	if err != nil {
		s.showProblemOn(c, p, "analysis", newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, "архив школ не открывается как ZIP",
			document.Problem{Path: "file", Message: "архив не открывается как ZIP"}), nil)
		return
	}
	if pr := s.unpackLimit(zr); pr != nil {
		s.showProblemOn(c, p, "analysis", pr, nil)
		return
	}
	var doc *document.Document
	pr := s.work(c, func(ctx context.Context) error {
		in, err := analysis.ReadDistrictZip(ctx, s.cfg.Engine, zr)
		if err != nil {
			return err
		}
		doc, err = analysis.District(in.Schools, opts)
		return err
	})
	if pr != nil {
		if pr.kind == KindInternal {
			pr = analysisProblem(pr.cause)
		}
		s.showProblemOn(c, p, "analysis", pr, nil)
		return
	}
	s.showDocument(c, p, "analysis", doc, analysis.Template)
}

// reportDate reads the date field: the browser's date input sends
// ГГГГ-ММ-ДД; a date typed as officials write it is taken too.
func reportDate(v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, errors.New("укажите дату отчёта")
	}
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, nil
	}
	d, err := document.ParseWrittenDate(v)
	if err != nil {
		return time.Time{}, err
	}
	return d.Time(), nil
}

// paragraphs are the non-empty lines of a text field, one paragraph each.
func paragraphs(text string) []document.Block {
	var out []document.Block
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, document.Block{Paragraph: &document.Paragraph{Text: line}})
		}
	}
	return out
}

// analysisProblem: a plan the analysis cannot read (no plan block, no
// measures) is the plan's problem, not the server's.
func analysisProblem(err error) *Problem {
	if errors.Is(err, analysis.ErrNoOrganization) {
		return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, err.Error()+" (поле «Орган управления образованием»)",
			document.Problem{Path: "organization", Message: err.Error()})
	}
	var ve *document.ValidationError
	if errors.As(err, &ve) {
		return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, "анализ: "+err.Error(), ve.Problems...)
	}
	return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, "анализ не построен: "+err.Error(),
		document.Problem{Path: "file", Message: err.Error()})
}
