package service

import (
	"bytes"
	"mime"

	"github.com/gin-gonic/gin"

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
	day, rp, asJSON, p := analysisParams(c, q)
	if p != nil {
		s.fail(c, p)
		return
	}
	plan, indicators, release, p := s.readAnalyzeBody(c)
	if p != nil {
		s.fail(c, p)
		return
	}
	defer release()
	doc, err := analysis.Build(plan, analysis.Options{Date: day, Title: q["title"], Indicators: indicators})
	if err != nil {
		s.fail(c, analysisProblem(err))
		return
	}
	if p := s.sendAnalysis(c, doc, rp, asJSON); p != nil {
		s.fail(c, p)
	}
}

// readPlan reads the body as a plan: JSON as /v1/render reads a document,
// or a workbook or a PDF/A-3u (by its media type) through the importer.
func (s *Server) readPlan(c *gin.Context) (*document.Document, func(), *Problem) {
	if mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); mt != xlsxType && mt != pdfType {
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
		return nil, nil, importProblemFor(buf.Bytes(), err)
	}
	if p := s.rowLimit(doc, "плане"); p != nil {
		release()
		return nil, nil, p
	}
	return doc, release, nil
}
