package service

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/batch"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/registry"
	"github.com/kartograf-ru/kartograf/pkg/rollover"
)

// batchRequest is the JSON form of /v1/batch.
type batchRequest struct {
	Plan     json.RawMessage `json:"plan"`
	Schools  json.RawMessage `json:"schools"`
	To       string          `json:"to"`
	Formats  []string        `json:"formats"`
	Template string          `json:"template"`
}

// batch renders the documents of many schools and streams them as a zip
// with index.json, index.csv and index.xlsx. Everything about the input
// is checked before the first byte goes out, so input problems are problem+json; a
// school whose document fails is listed in the index with its reason.
func (s *Server) batch(c *gin.Context) {
	if _, p := query(c); p != nil {
		s.fail(c, p)
		return
	}
	job, release, p := s.readBatch(c)
	if p != nil {
		s.fail(c, p)
		return
	}
	defer release()
	slot, p := s.slot(c)
	if p != nil {
		s.fail(c, p)
		return
	}
	defer slot()
	// One worker: a batch holds one render slot like any render, so a
	// district's batch cannot starve everyone else.
	job.Workers = 1
	job.Engine = s.cfg.Engine
	ctx, cancel := context.WithTimeout(c.Request.Context(), s.cfg.BatchTimeout)
	defer cancel()

	h := c.Writer.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", contentDisposition("Дорожные карты школ.zip"))
	h.Set("Cache-Control", "no-store")
	h.Set(HeaderVersion, kartograf.Version)
	c.Writer.WriteHeader(http.StatusOK)
	sum, err := batch.Stream(ctx, c.Writer, job)
	if err != nil {
		// The response has started: the archive is cut short, which the
		// client sees as a broken zip; the log says why.
		p := newProblem(http.StatusInternalServerError, KindTimeout, "пакет прерван: "+err.Error())
		if !errors.Is(err, context.DeadlineExceeded) {
			p.kind = KindInternal
		}
		p.cause = err
		s.fail(c, p)
		return
	}
	c.Set(keyTemplate, fmt.Sprintf("schools=%d failed=%d", len(sum.Outcomes), sum.Failed))
}

// readBatch reads the JSON or multipart form of a batch request.
func (s *Server) readBatch(c *gin.Context) (batch.Job, func(), *Problem) {
	var job batch.Job
	buf := s.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.putBuf(buf)
	held, p := s.readBody(c, buf)
	if p != nil {
		return job, nil, p
	}
	defer held()
	if buf.Len() == 0 {
		return job, nil, newProblem(http.StatusBadRequest, KindInvalidJSON, "пустое тело запроса")
	}
	body := buf.Bytes()
	release, p := s.limit.enter()
	if p != nil {
		return job, nil, p
	}
	ok := false
	defer func() {
		if !ok {
			release()
		}
	}()
	var req batchRequest
	var registryName string
	var registryData []byte
	mt, params, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	switch {
	case mt == "multipart/form-data":
		if req, registryName, registryData, p = readMultipart(body, params["boundary"]); p != nil {
			return job, nil, p
		}
	default:
		if p := checkContentType(c.Request); p != nil {
			return job, nil, p
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			return job, nil, newProblem(http.StatusBadRequest, KindInvalidJSON, "тело запроса: "+err.Error()+"; ожидается {\"plan\": {…}, \"schools\": […], \"to\": \"2024-2025\", \"formats\": [\"pdf\"]}")
		}
		registryName, registryData = "schools.json", req.Schools
	}
	if len(req.Plan) == 0 || len(registryData) == 0 {
		return job, nil, newProblem(http.StatusBadRequest, KindInvalidParameter, "нужны план (plan) и реестр школ (schools или файл registry)")
	}
	plan, err := document.DecodeBytes(req.Plan)
	if err != nil {
		p := decodeProblem(err)
		for i := range p.Errors {
			p.Errors[i].Path = joinPath("plan", p.Errors[i].Path)
		}
		return job, nil, p
	}
	if p := s.rowLimit(plan, "плане"); p != nil {
		return job, nil, p
	}
	schools, err := readRegistry(registryName, registryData)
	if err != nil {
		return job, nil, registryProblem(err)
	}
	if len(schools) > s.cfg.MaxBatchSchools {
		return job, nil, newProblem(http.StatusRequestEntityTooLarge, KindTooManyRows,
			fmt.Sprintf("в реестре %d школ, за один запрос допускается не более %d; разделите реестр или используйте kartograf batch", len(schools), s.cfg.MaxBatchSchools))
	}
	tmpl, p := parseTemplate(req.Template)
	if p != nil {
		return job, nil, p
	}
	if _, err := s.cfg.Engine.Template(plan, tmpl); err != nil {
		return job, nil, s.renderProblem(c, err)
	}
	// Every school's document is rolled over from the same plan: a target
	// the plan cannot move to fails for all of them, so it is refused
	// here, before the archive starts, rather than listed 1 000 times.
	if req.To != "" {
		if _, _, err := rollover.Roll(plan, req.To); err != nil {
			return job, nil, rolloverProblem(err)
		}
	}
	job = batch.Job{Base: plan, Schools: schools, To: req.To, Template: tmpl}
	if len(req.Formats) == 0 {
		req.Formats = []string{"pdf"}
	}
	for _, f := range req.Formats {
		ff, err := kartograf.ParseFormat(f)
		if err != nil {
			return job, nil, newProblem(http.StatusBadRequest, KindUnsupportedFormat, fmt.Sprintf("формат «%s» не поддерживается; доступны: pdf, docx, xlsx", f),
				document.Problem{Path: "formats", Message: "неподдерживаемый формат"})
		}
		job.Formats = append(job.Formats, ff)
	}
	ok = true
	return job, release, nil
}

// readMultipart takes the parts plan (a JSON file), registry (CSV, XLSX or
// JSON, told apart by file name) and the fields to, formats, template.
func readMultipart(body []byte, boundary string) (batchRequest, string, []byte, *Problem) {
	var req batchRequest
	var name string
	var data []byte
	if boundary == "" {
		return req, "", nil, newProblem(http.StatusBadRequest, KindInvalidParameter, "multipart без boundary")
	}
	mr := multipartReader(body, boundary)
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return req, "", nil, newProblem(http.StatusBadRequest, KindInvalidParameter, "тело запроса multipart/form-data не разбирается: "+err.Error())
		}
		value, err := io.ReadAll(part)
		if err != nil {
			return req, "", nil, newProblem(http.StatusBadRequest, KindInvalidParameter, "тело запроса multipart/form-data не разбирается: "+err.Error())
		}
		switch part.FormName() {
		case "plan":
			req.Plan = value
		case "registry":
			name, data = path.Base(part.FileName()), value
		case "to":
			req.To = strings.TrimSpace(string(value))
		case "template":
			req.Template = strings.TrimSpace(string(value))
		case "formats":
			for _, f := range strings.Split(string(value), ",") {
				if f = strings.TrimSpace(f); f != "" {
					req.Formats = append(req.Formats, f)
				}
			}
		default:
			return req, "", nil, newProblem(http.StatusBadRequest, KindInvalidParameter, "неизвестная часть формы «"+part.FormName()+"»; допустимы plan, registry, to, formats, template",
				document.Problem{Path: part.FormName(), Message: "неизвестная часть формы"})
		}
	}
	return req, name, data, nil
}

func readRegistry(name string, data []byte) ([]registry.School, error) {
	switch strings.ToLower(path.Ext(name)) {
	case ".csv":
		return registry.ReadCSV(bytes.NewReader(data))
	case ".xlsx":
		return registry.ReadXLSX(bytes.NewReader(data), int64(len(data)))
	case ".json", "":
		return registry.ReadJSON(bytes.NewReader(data))
	}
	return nil, fmt.Errorf("реестр «%s»: ожидается CSV, XLSX или JSON", name)
}

// rolloverProblem names the field at fault: «to» when the target year is
// malformed, impossible or not later than the plan's; the plan's period
// when the plan's own year cannot be found.
func rolloverProblem(err error) *Problem {
	var te *rollover.TargetError
	if errors.As(err, &te) {
		return newProblem(http.StatusBadRequest, KindInvalidParameter, te.Error(),
			document.Problem{Path: "to", Message: te.Reason})
	}
	return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, "план нельзя перенести на другой год: "+err.Error(),
		document.Problem{Path: "plan.period", Message: err.Error()})
}

// registryProblem lists every problem of a registry with its row and column.
func registryProblem(err error) *Problem {
	var re *registry.Error
	if !errors.As(err, &re) {
		return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, "реестр школ: "+err.Error(),
			document.Problem{Path: "registry", Message: err.Error()})
	}
	var list []document.Problem
	for _, p := range re.Problems {
		where := "registry"
		if p.Row > 0 {
			where += fmt.Sprintf(", строка %d", p.Row)
		}
		if p.Column != "" {
			where += ", столбец " + p.Column
		}
		list = append(list, document.Problem{Path: where, Message: p.Message})
	}
	return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, fmt.Sprintf("реестр школ содержит ошибки (%d)", len(list)), list...)
}

func joinPath(prefix, p string) string {
	if p == "" {
		return prefix
	}
	if strings.HasPrefix(p, "строка") {
		return prefix + ", " + p
	}
	return prefix + "." + p
}

func multipartReader(body []byte, boundary string) *multipart.Reader {
	return multipart.NewReader(bytes.NewReader(body), boundary)
}
