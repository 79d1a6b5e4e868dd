package service

import (
	"bytes"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// xlsxType is the media type of a workbook body: the monitoring workbook
// as a school edited it.
const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// analyze is POST /v1/analyze: a plan with its monitoring marks (JSON, or
// the monitoring workbook) and a reporting date in, the analysis out — as a
// file, or as its JSON (format=json) for the methodologist to complete and
// render again.
func (s *Server) analyze(c *gin.Context) {
	q, p := query(c, "date", "format", "title")
	if p != nil {
		s.fail(c, p)
		return
	}
	day, err := reportDate(q["date"])
	if err != nil {
		s.fail(c, newProblem(http.StatusBadRequest, KindInvalidParameter, "дата отчёта: "+err.Error(),
			document.Problem{Path: "date", Message: err.Error()}))
		return
	}
	asJSON := q["format"] == "json"
	rp := renderParams{format: kartograf.PDF, template: analysis.Template}
	if v, ok := q["format"]; ok && !asJSON {
		f, err := kartograf.ParseFormat(v)
		if err != nil || v == "" {
			s.fail(c, newProblem(http.StatusBadRequest, KindUnsupportedFormat, fmt.Sprintf("формат «%s» не поддерживается; доступны: pdf, docx, xlsx, json", v),
				document.Problem{Path: "format", Message: "неподдерживаемый формат"}))
			return
		}
		rp.format = f
	}
	c.Set(keyFormat, string(rp.format))
	plan, release, p := s.readPlan(c)
	if p != nil {
		s.fail(c, p)
		return
	}
	defer release()
	doc, err := analysis.Build(plan, analysis.Options{Date: day, Title: q["title"]})
	if err != nil {
		s.fail(c, analysisProblem(err))
		return
	}
	if !asJSON {
		if p := s.renderFile(c, doc, rp); p != nil {
			s.fail(c, p)
		}
		return
	}
	var out bytes.Buffer
	if err := document.WriteJSON(c.Request.Context(), &out, doc); err != nil {
		s.fail(c, s.renderProblem(c, err))
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(out.Len()))
	h.Set("Content-Disposition", contentDisposition(strings.TrimSuffix(kartograf.FileName(doc, kartograf.PDF), ".pdf")+".json"))
	h.Set("Cache-Control", "no-store")
	h.Set(HeaderTemplate, analysis.Template)
	h.Set(HeaderVersion, kartograf.Version)
	c.Writer.WriteHeader(http.StatusOK)
	c.Writer.Write(out.Bytes())
}

// readPlan reads the body as a plan: JSON as /v1/render reads a document,
// or a workbook (by its media type) through the importer.
func (s *Server) readPlan(c *gin.Context) (*document.Document, func(), *Problem) {
	if mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); mt != xlsxType {
		return s.readDocument(c)
	}
	buf := s.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.putBuf(buf)
	held, p := s.readBody(c, buf)
	if p != nil {
		return nil, nil, p
	}
	defer held()
	release, p := s.limit.enter()
	if p != nil {
		return nil, nil, p
	}
	doc, err := s.cfg.Engine.Import(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		release()
		return nil, nil, importProblem(err)
	}
	if p := s.rowLimit(doc, "плане"); p != nil {
		release()
		return nil, nil, p
	}
	return doc, release, nil
}
