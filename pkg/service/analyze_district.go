package service

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/analysis"
	"github.com/kartograf-ru/kartograf/pkg/document"
)

// HeaderUnreadSchools is the number of schools of a district analysis
// whose data could not be read; the document lists them with the reason.
const HeaderUnreadSchools = "X-Kartograf-Unread-Schools"

// districtUnpackRatio bounds what the schools' files of a district zip
// may unpack to, as a multiple of MaxBodyBytes. Workbooks are compressed
// already and JSON packs about tenfold, so real archives stay well under
// it; a zip bomb does not, and is refused before anything is unpacked.
const districtUnpackRatio = 16

// zipTypes are the media types a zip body arrives with: browsers on
// Windows send application/x-zip-compressed, curl --data-binary none or
// application/octet-stream.
var zipTypes = map[string]bool{
	"": true, "application/zip": true, "application/x-zip-compressed": true,
	"application/x-zip": true, "application/octet-stream": true,
}

// analyzeDistrict is POST /v1/analyze/district: a zip of the schools'
// monitoring workbooks (or their JSON) and a reporting date in, the
// district's analysis out, as /v1/analyze answers for one school.
func (s *Server) analyzeDistrict(c *gin.Context) {
	q, p := query(c, "date", "format", "title", "organization", "target")
	if p != nil {
		s.fail(c, p)
		return
	}
	day, rp, asJSON, p := analysisParams(c, q)
	if p != nil {
		s.fail(c, p)
		return
	}
	opts := analysis.DistrictOptions{Options: analysis.Options{Date: day, Title: q["title"]}}
	if v := strings.TrimSpace(q["organization"]); v != "" {
		opts.Organization = &document.Organization{FullName: v}
	}
	if opts.Target, p = parseTarget(q); p != nil {
		s.fail(c, p)
		return
	}
	mt, params, err := mime.ParseMediaType(c.GetHeader("Content-Type"))
	if c.GetHeader("Content-Type") == "" {
		mt, err = "", nil
	}
	if err != nil || mt != "multipart/form-data" && !zipTypes[mt] {
		s.fail(c, newProblem(http.StatusUnsupportedMediaType, KindUnsupportedMedia,
			fmt.Sprintf("тип содержимого «%s» не поддерживается: ожидается архив application/zip или форма multipart/form-data", c.GetHeader("Content-Type"))))
		return
	}
	buf := s.bufs.Get().(*bytes.Buffer)
	buf.Reset()
	defer s.putBuf(buf)
	held, p := s.readBody(c, buf)
	if p != nil {
		s.fail(c, p)
		return
	}
	// The archive is read straight from the body's bytes: they count
	// against the budget until the schools are read.
	defer held()
	data := buf.Bytes()
	if mt == "multipart/form-data" {
		parts, freeParts, p := s.readParts(buf.Bytes(), params["boundary"], "schools")
		if p != nil {
			s.fail(c, p)
			return
		}
		defer freeParts()
		if part, ok := parts["indicators"]; ok && len(part.data) > 0 {
			ind, err := analysis.ReadDistrictIndicators(bytes.NewReader(part.data), "indicators"+partKind(part))
			if err != nil {
				s.fail(c, indicatorsProblem(err))
				return
			}
			opts.Indicators = ind
		}
		data = parts["schools"].data
	}
	if len(data) == 0 {
		s.fail(c, newProblem(http.StatusBadRequest, KindInvalidParameter, "пустое тело запроса: ожидается архив ZIP с книгами мониторинга школ",
			document.Problem{Path: "body", Message: "архив не передан"}))
		return
	}
	release, p := s.limit.enter()
	if p != nil {
		s.fail(c, p)
		return
	}
	defer release()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		s.fail(c, newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, "тело запроса не открывается как архив ZIP: "+err.Error(),
			document.Problem{Path: "body", Message: "не архив ZIP"}))
		return
	}
	if p := s.unpackLimit(zr); p != nil {
		s.fail(c, p)
		return
	}
	var doc *document.Document
	var report *analysis.DistrictReport
	var inputErr error
	p = s.work(c, func(ctx context.Context) error {
		in, err := analysis.ReadDistrictZip(ctx, s.cfg.Engine, zr)
		if err != nil {
			if ctx.Err() != nil {
				return err
			}
			inputErr = err
			return nil
		}
		if doc, inputErr = analysis.District(in.Schools, opts); inputErr != nil {
			return nil
		}
		report, inputErr = analysis.DistrictFacts(in.Schools, opts.Date)
		return nil
	})
	if p != nil {
		s.fail(c, p)
		return
	}
	if inputErr != nil {
		s.fail(c, districtProblem(inputErr))
		return
	}
	if p := s.rowLimit(doc, "анализе района"); p != nil {
		s.fail(c, p)
		return
	}
	h := c.Writer.Header()
	h.Set(HeaderUnreadSchools, strconv.Itoa(len(report.Unread)))
	if p := s.sendAnalysis(c, doc, rp, asJSON); p != nil {
		h.Del(HeaderUnreadSchools)
		s.fail(c, p)
	}
}

// analysisParams reads what both analysis routes share: the reporting
// date and the format (json: the analysis document itself).
func analysisParams(c *gin.Context, q map[string]string) (day time.Time, rp renderParams, asJSON bool, p *Problem) {
	day, err := reportDate(q["date"])
	if err != nil {
		return day, rp, false, newProblem(http.StatusBadRequest, KindInvalidParameter, "дата отчёта: "+err.Error(),
			document.Problem{Path: "date", Message: err.Error()})
	}
	asJSON = q["format"] == "json"
	rp = renderParams{format: kartograf.PDF, template: analysis.Template}
	if v, ok := q["format"]; ok && !asJSON {
		f, err := kartograf.ParseFormat(v)
		if err != nil || v == "" {
			return day, rp, false, newProblem(http.StatusBadRequest, KindUnsupportedFormat, fmt.Sprintf("формат «%s» не поддерживается; доступны: pdf, docx, xlsx, json", v),
				document.Problem{Path: "format", Message: "неподдерживаемый формат"})
		}
		rp.format = f
	}
	c.Set(keyFormat, string(rp.format))
	return day, rp, asJSON, nil
}

// parseTarget reads the district's target share, in per cent: «75»,
// «72,5» or «72.5»; absent or 0: none.
func parseTarget(q map[string]string) (float64, *Problem) {
	v, ok := q["target"]
	if !ok {
		return 0, nil
	}
	t, err := strconv.ParseFloat(strings.Replace(strings.TrimSpace(v), ",", ".", 1), 64)
	if err != nil || math.IsNaN(t) || t < 0 || t > 100 {
		msg := "целевая доля выполненных мероприятий — число от 0 до 100 (процентов), например 75 или 72,5"
		return 0, newProblem(http.StatusBadRequest, KindInvalidParameter, "target: "+msg,
			document.Problem{Path: "target", Message: msg})
	}
	return t, nil
}

// unpackLimit refuses an archive whose schools' files would unpack to
// more than districtUnpackRatio bodies. The sizes are the archive's own
// word, but archive/zip fails an entry that unpacks to more than it says.
func (s *Server) unpackLimit(zr *zip.Reader) *Problem {
	limit := uint64(math.MaxUint64 / 2)
	if s.cfg.MaxBodyBytes < math.MaxInt64/districtUnpackRatio {
		limit = uint64(districtUnpackRatio * s.cfg.MaxBodyBytes)
	}
	var sum uint64
	for _, f := range zr.File {
		switch strings.ToLower(path.Ext(f.Name)) {
		case ".xlsx", ".json":
			sum += min(f.UncompressedSize64, limit+1)
		}
		if sum > limit {
			return newProblem(http.StatusRequestEntityTooLarge, KindBodyTooLarge,
				fmt.Sprintf("файлы школ в архиве занимают в распакованном виде больше %d МиБ (%d × --max-body); разделите район на части", limit>>20, districtUnpackRatio),
				document.Problem{Path: "body", Message: "архив распаковывается в слишком большой объём"})
		}
	}
	return nil
}

// districtProblem: a zip without a school, or one the roll-up cannot
// read, is the request's problem, not the server's.
func districtProblem(err error) *Problem {
	// Without its issuing body the analysis is not a valid document, not
	// even as JSON: the methodologist is asked, not the renderer.
	if errors.Is(err, analysis.ErrNoOrganization) {
		msg := err.Error() + " (параметр organization)"
		return newProblem(http.StatusBadRequest, KindInvalidParameter, msg, document.Problem{Path: "organization", Message: msg})
	}
	if errors.Is(err, analysis.ErrNoSchools) {
		return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument,
			"в архиве нет ни одной школы: ожидаются книги мониторинга (.xlsx), выгруженные kartograf batch -f xlsx, или документы JSON",
			document.Problem{Path: "body", Message: err.Error()})
	}
	return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, "анализ района не построен: "+err.Error(),
		document.Problem{Path: "body", Message: err.Error()})
}

// indicatorsProblem is an indicators part that cannot be read, with its
// place (the JSON path or the sheet's cell) in the message.
func indicatorsProblem(err error) *Problem {
	return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, err.Error(),
		document.Problem{Path: "indicators", Message: err.Error()})
}

// sendAnalysis sends an analysis as a file in rp's format, or as its JSON
// for the methodologist to complete and render again.
func (s *Server) sendAnalysis(c *gin.Context, doc *document.Document, rp renderParams, asJSON bool) *Problem {
	if !asJSON {
		return s.renderFile(c, doc, rp)
	}
	var out bytes.Buffer
	if err := document.WriteJSON(c.Request.Context(), &out, doc); err != nil {
		return s.renderProblem(c, err)
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
	return nil
}
