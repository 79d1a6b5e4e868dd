package service

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/pdfsource"
)

// The analysis routes take multipart/form-data too, so that indicator
// data travels with the plan: parts plan (or schools) and indicators.

// readAnalyzeBody reads the body of /v1/analyze: the plan alone (JSON or
// workbook, see readPlan) or a form with the plan and its indicators.
func (s *Server) readAnalyzeBody(c *gin.Context) (*document.Document, []analysis.Indicator, func(), *Problem) {
	mt, params, _ := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if mt != "multipart/form-data" {
		plan, release, p := s.readPlan(c)
		return plan, nil, release, p
	}
	buf := s.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.putBuf(buf)
	held, p := s.readBody(c, buf)
	if p != nil {
		return nil, nil, nil, p
	}
	defer held()
	parts, freeParts, p := s.readParts(buf.Bytes(), params["boundary"], "plan")
	if p != nil {
		return nil, nil, nil, p
	}
	defer freeParts()
	planPart, ok := parts["plan"]
	if !ok || len(planPart.data) == 0 {
		msg := "нет плана: часть plan — документ JSON или книга мониторинга .xlsx"
		return nil, nil, nil, newProblem(http.StatusBadRequest, KindInvalidParameter, msg, document.Problem{Path: "plan", Message: msg})
	}
	release, p := s.limit.enter()
	if p != nil {
		return nil, nil, nil, p
	}
	ok = false
	defer func() {
		if !ok {
			release()
		}
	}()
	var plan *document.Document
	var err error
	if partKind(planPart) == ".xlsx" || pdfsource.IsPDF(planPart.data) {
		if plan, err = s.cfg.Engine.Import(bytes.NewReader(planPart.data), int64(len(planPart.data))); err != nil {
			return nil, nil, nil, importProblemFor(planPart.data, err)
		}
	} else if plan, err = s.cfg.Engine.Decode(planPart.data, ""); err != nil {
		p := decodeProblem(err)
		for i := range p.Errors {
			p.Errors[i].Path = joinPath("plan", p.Errors[i].Path)
		}
		return nil, nil, nil, p
	}
	if p := s.rowLimit(plan, "плане"); p != nil {
		return nil, nil, nil, p
	}
	var ind []analysis.Indicator
	if part, has := parts["indicators"]; has && len(part.data) > 0 {
		if ind, err = analysis.ReadIndicators(bytes.NewReader(part.data), "indicators"+partKind(part)); err != nil {
			return nil, nil, nil, indicatorsProblem(err)
		}
	}
	ok = true
	return plan, ind, release, nil
}

// analysisPart is one file of an analysis form.
type analysisPart struct {
	name, contentType string
	data              []byte
}

// partKind tells a workbook from JSON: by the file's extension, else its
// media type, else its first bytes (a workbook is a zip: «PK»).
func partKind(p analysisPart) string {
	switch ext := strings.ToLower(path.Ext(p.name)); ext {
	case ".xlsx", ".json":
		return ext
	}
	mt, _, _ := mime.ParseMediaType(p.contentType)
	switch {
	case mt == xlsxType:
		return ".xlsx"
	case mt == "application/json" || strings.HasSuffix(mt, "+json"):
		return ".json"
	case bytes.HasPrefix(p.data, []byte("PK")):
		return ".xlsx"
	}
	return ".json"
}

// readParts reads a form of an analysis route: the part main and an
// optional indicators, each at most once. The parts are copies of the
// body's bytes, so they are counted against the body budget as well;
// free gives them back.
func (s *Server) readParts(body []byte, boundary, main string) (parts map[string]analysisPart, free func(), p *Problem) {
	if boundary == "" {
		return nil, nil, newProblem(http.StatusBadRequest, KindInvalidParameter, "multipart/form-data без boundary",
			document.Problem{Path: "body", Message: "нет boundary в Content-Type"})
	}
	var held int64
	free = func() { s.bodies.give(held) }
	parts = map[string]analysisPart{}
	mr := multipartReader(body, boundary)
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			free()
			return nil, nil, formProblem(err)
		}
		name := part.FormName()
		if name != main && name != "indicators" {
			free()
			msg := fmt.Sprintf("неизвестная часть формы «%s»; допустимы %s и indicators", printableName(name), main)
			return nil, nil, newProblem(http.StatusBadRequest, KindInvalidParameter, msg,
				document.Problem{Path: printableName(name), Message: "неизвестная часть формы"})
		}
		if _, dup := parts[name]; dup {
			free()
			return nil, nil, newProblem(http.StatusBadRequest, KindInvalidParameter, "часть формы «"+name+"» указана дважды",
				document.Problem{Path: name, Message: "часть указана дважды"})
		}
		// A part is never larger than the body, which readBody bounded.
		var b bytes.Buffer
		if _, err := b.ReadFrom(part); err != nil {
			free()
			return nil, nil, formProblem(err)
		}
		if !s.bodies.take(int64(b.Len())) {
			free()
			p := newProblem(http.StatusTooManyRequests, KindOverloaded,
				fmt.Sprintf("сервис перегружен: в памяти уже %d МиБ тел запросов — предел --max-body-memory; повторите запрос позже", s.cfg.MaxBodyMemory>>20))
			p.retryAfter = s.limit.retryIn
			return nil, nil, p
		}
		held += int64(b.Len())
		parts[name] = analysisPart{name: part.FileName(), contentType: part.Header.Get("Content-Type"), data: b.Bytes()}
	}
	return parts, free, nil
}

func formProblem(err error) *Problem {
	return newProblem(http.StatusBadRequest, KindInvalidParameter, "тело запроса multipart/form-data не разбирается: "+err.Error(),
		document.Problem{Path: "body", Message: "форма не разбирается"})
}
