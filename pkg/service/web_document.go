package service

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/pdfsource"
	"github.com/kartograf-ru/kartograf/pkg/xlsximport"
)

// «Один документ»: upload, see the problems where the author would look
// for them, see the pages, download. Nothing is kept on the server: the
// checked document travels back in the download form.

// problemTable is the problems of a document as the page lists them.
type problemTable struct{ Rows []problemRow }

type problemRow struct{ Place, Path, Message string }

// docResult is a document that passed: what the download forms need.
type docResult struct {
	Title    string
	Template string
	JSON     string // canonical JSON, sent back by the download forms
	Formats  []formatButton
	CanSign  bool
}

type formatButton struct{ Value, Label, FileName string }

func (s *Server) pageDocument(c *gin.Context) {
	if _, p := query(c); p != nil {
		s.webProblem(c, p, "/")
		return
	}
	s.html(c, http.StatusOK, "document", s.newPage(c, "document", "Один документ"))
}

// postDocument reads an uploaded document (JSON or a Kartograf workbook),
// checks it against its template and shows its problems or its pages.
func (s *Server) postDocument(c *gin.Context) {
	p := s.newPage(c, "document", "Один документ")
	f, pr := s.readForm(c)
	if pr != nil {
		s.showProblem(c, p, pr, nil)
		return
	}
	p.Template = f.value("template")
	ref, pr := parseTemplate(p.Template)
	if pr != nil {
		s.showProblem(c, p, pr, nil)
		return
	}
	file, ok := f.file("file")
	if !ok || len(file.data) == 0 {
		s.showProblem(c, p, newProblem(http.StatusBadRequest, KindInvalidParameter, "выберите файл документа: JSON или книгу Excel Картографа",
			document.Problem{Path: "file", Message: "файл не выбран или пуст"}), nil)
		return
	}
	release, pr := s.limit.enter()
	if pr != nil {
		s.showProblem(c, p, pr, nil)
		return
	}
	defer release()
	doc, partial, pr := s.readUpload(file, ref)
	if pr != nil {
		s.showProblem(c, p, pr, partial)
		return
	}
	if pr := s.rowLimit(doc, "документе"); pr != nil {
		s.showProblem(c, p, pr, nil)
		return
	}
	s.showDocument(c, p, "document", doc, ref)
}

// showDocument prepares doc, draws its pages and shows them with the
// download forms on the page name — or its problems.
func (s *Server) showDocument(c *gin.Context, p *page, name string, doc *document.Document, ref string) {
	var prep *kartograf.Prepared
	var canonical bytes.Buffer
	pr := s.work(c, func(ctx context.Context) error {
		var err error
		if prep, err = s.cfg.Engine.Prepare(ctx, doc, ref); err != nil {
			return err
		}
		if p.Preview, err = s.previewPages(ctx, prep); err != nil {
			return err
		}
		return document.WriteJSON(ctx, &canonical, doc)
	})
	if pr != nil {
		s.showProblemOn(c, p, name, pr, doc)
		return
	}
	c.Set(keyTemplate, prep.Template.Ref())
	res := &docResult{
		Title:    doc.Title,
		Template: prep.Template.Ref(),
		JSON:     canonical.String(),
		CanSign:  s.cfg.Signer != nil && len(s.cfg.Tokens) > 0 && hasFormat(prep.Formats(), kartograf.PDF),
	}
	if res.Title == "" {
		res.Title = "Документ"
	}
	for _, ff := range prep.Formats() {
		res.Formats = append(res.Formats, formatButton{Value: string(ff), Label: strings.ToUpper(string(ff)), FileName: kartograf.FileName(doc, ff)})
	}
	p.Result = res
	s.html(c, http.StatusOK, name, p)
}

func hasFormat(list []kartograf.Format, f kartograf.Format) bool {
	for _, x := range list {
		if x == f {
			return true
		}
	}
	return false
}

// readUpload decodes an uploaded file: a workbook (by its name or its zip
// signature) or a PDF/A-3u (by %PDF-) through the importer, anything else
// as JSON. partial is what
// could be read of a broken JSON document, for placing its problems.
func (s *Server) readUpload(file formPart, ref string) (doc, partial *document.Document, pr *Problem) {
	if pdfsource.IsPDF(file.data) {
		doc, pr = s.importPDF(file.data)
		return doc, nil, pr
	}
	isZip := bytes.HasPrefix(file.data, []byte("PK\x03\x04"))
	if strings.EqualFold(path.Ext(file.file), ".xlsx") || isZip {
		d, err := s.cfg.Engine.Import(bytes.NewReader(file.data), int64(len(file.data)))
		if err != nil {
			return nil, nil, importProblem(err)
		}
		return d, nil, nil
	}
	d, err := s.cfg.Engine.Decode(file.data, ref)
	if err != nil {
		var ve *document.ValidationError
		if errors.As(err, &ve) {
			partial = ve.Partial
		}
		return nil, partial, decodeProblem(err)
	}
	return d, nil, nil
}

// importProblem names the sheet, row and column of a workbook's problem
// as Excel shows them.
func importProblem(err error) *Problem {
	var re *xlsximport.ReadError
	if errors.As(err, &re) {
		where := ""
		if re.Sheet != "" {
			where = "Лист «" + re.Sheet + "»"
		}
		if re.Row > 0 {
			where = joinPlace(where, "строка "+strconv.Itoa(re.Row))
		}
		if re.Col > 0 {
			where = joinPlace(where, "столбец "+columnLetters(re.Col))
		}
		p := newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, "книга Excel не читается как документ Картографа",
			document.Problem{Path: where, Message: re.Msg})
		p.places = []string{where}
		return p
	}
	var ve *document.ValidationError
	if errors.As(err, &ve) {
		return decodeProblem(err)
	}
	return newProblem(http.StatusUnprocessableEntity, KindInvalidDocument, "книга Excel не читается: "+err.Error(),
		document.Problem{Path: "file", Message: err.Error()})
}

func joinPlace(a, b string) string {
	if a == "" {
		return strings.ToUpper(b[:1]) + b[1:]
	}
	return a + ", " + b
}

// columnLetters is a 1-based column number as Excel names it: 1 → A, 28 → AB.
func columnLetters(n int) string {
	var b []byte
	for n > 0 {
		n--
		b = append([]byte{byte('A' + n%26)}, b...)
		n /= 26
	}
	return string(b)
}

// showProblem puts a problem on the page: its title and detail, and its
// list with the place of each entry in the document's own words.
func (s *Server) showProblem(c *gin.Context, p *page, pr *Problem, doc *document.Document) {
	s.showProblemOn(c, p, "document", pr, doc)
}

// showProblemOn is showProblem on the page name.
func (s *Server) showProblemOn(c *gin.Context, p *page, name string, pr *Problem, doc *document.Document) {
	c.Set(keyProblem, pr)
	s.metrics.errors.WithLabelValues(string(pr.kind)).Inc()
	if pr.kind == KindCSRF || pr.kind == KindUnauthorized && !s.cfg.RequireAuth {
		s.webProblem(c, pr, "/")
		return
	}
	if pr.retryAfter > 0 {
		c.Header("Retry-After", strconv.Itoa(pr.retryAfter))
	}
	p.ProblemTitle, p.ProblemDetail = pr.Title, sentence(pr.Detail)
	p.Problems = &problemTable{}
	var cols []document.Column
	if doc != nil {
		if v, err := s.cfg.Engine.Template(doc, p.Template); err == nil {
			cols = v.Manifest.Plan.Columns
		}
	}
	for i, e := range pr.Errors {
		row := problemRow{Path: e.Path, Message: e.Message}
		switch {
		case i < len(pr.places):
			row.Place = pr.places[i]
			if row.Place == row.Path {
				row.Path = "" // a workbook's place is not a JSON path
			}
		case pr.kind == KindInvalidJSON && strings.HasPrefix(e.Path, "строка "):
			// Where JSON stops parsing is a place in the file, not a field.
			row.Place, row.Path = "Файл, "+e.Path, ""
		default:
			row.Place = document.Place(doc, e.Path, cols)
		}
		p.Problems.Rows = append(p.Problems.Rows, row)
	}
	status := pr.Status
	if status == 499 {
		status = http.StatusBadRequest
	}
	s.html(c, status, name, p)
}

// postDownload renders the checked document the page sent back, in the
// format of the button pressed; signed when asked, with a token.
func (s *Server) postDownload(c *gin.Context) {
	p := s.newPage(c, "document", "Один документ")
	f, pr := s.readForm(c)
	if pr != nil {
		s.showProblem(c, p, pr, nil)
		return
	}
	p.Template = f.value("template")
	rp := renderParams{format: kartograf.PDF}
	if v := f.value("format"); v != "" {
		ff, err := kartograf.ParseFormat(v)
		if err != nil {
			s.showProblem(c, p, newProblem(http.StatusBadRequest, KindUnsupportedFormat, fmt.Sprintf("формат «%s» не поддерживается; доступны: pdf, docx, xlsx", v)), nil)
			return
		}
		rp.format = ff
	}
	if rp.template, pr = parseTemplate(p.Template); pr != nil {
		s.showProblem(c, p, pr, nil)
		return
	}
	rp.sign = f.value("sign") == "true"
	c.Set(keyFormat, string(rp.format))
	if rp.sign {
		if rp.format != kartograf.PDF {
			s.showProblem(c, p, newProblem(http.StatusBadRequest, KindUnsupportedFormat, kartograf.ErrSignFormat.Error()), nil)
			return
		}
		res := s.tokens.checkValue(f.value("token"))
		if f.value("token") == "" {
			res = authNone
		}
		c.Set(keyAuth, string(res))
		if res != authOK {
			s.webProblem(c, unauthorized(res, ""), "/")
			return
		}
		if s.cfg.Signer == nil {
			s.webProblem(c, newProblem(http.StatusNotImplemented, KindSigningOff, "на сервере не настроен ключ электронной подписи"), "/")
			return
		}
	}
	release, pr := s.limit.enter()
	if pr != nil {
		s.showProblem(c, p, pr, nil)
		return
	}
	defer release()
	data, _ := f.file("document")
	doc, partial, pr := s.readUpload(formPart{file: "document.json", data: data.data}, rp.template)
	if pr != nil {
		s.showProblem(c, p, pr, partial)
		return
	}
	if pr := s.rowLimit(doc, "документе"); pr != nil {
		s.showProblem(c, p, pr, nil)
		return
	}
	if pr := s.renderFile(c, doc, rp); pr != nil {
		s.showProblem(c, p, pr, doc)
	}
}
