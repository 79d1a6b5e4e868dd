package service

import (
	"encoding/json"
	"mime"
	"net/http"

	"github.com/gin-gonic/gin"
)

// importDocument is POST /v1/import: the document a PDF/A-3u carries
// (its source JSON, signed or not) or a Kartograf workbook (as edited in
// Excel) holds, validated against its template and answered as JSON — an
// archived file becomes the source of next year's roadmap.
func (s *Server) importDocument(c *gin.Context) {
	if _, p := query(c); p != nil {
		s.fail(c, p)
		return
	}
	if mt, _, _ := mime.ParseMediaType(c.GetHeader("Content-Type")); mt != xlsxType && mt != pdfType {
		s.fail(c, newProblem(http.StatusUnsupportedMediaType, KindUnsupportedMedia,
			"ожидается PDF/A-3u, сформированный Картографом ("+pdfType+"), или книга Excel ("+xlsxType+")"))
		return
	}
	doc, release, p := s.readPlan(c)
	if p != nil {
		s.fail(c, p)
		return
	}
	defer release()
	data, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		s.fail(c, s.renderProblem(c, err))
		return
	}
	h := c.Writer.Header()
	h.Set("Cache-Control", "no-store")
	c.Data(http.StatusOK, "application/json; charset=utf-8", append(data, '\n'))
}
