package service

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"net/http"
	"strconv"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/render/docx"
	"github.com/kartograf-ru/kartograf/templates"
)

// «Шаблоны»: every template version with what it makes, a sample of its
// pages, and its Word template for whoever edits the look.

// catalogueRow is one template version on the page.
type catalogueRow struct {
	Ref, ID, Version string
	Description      string
	Kinds            string
	Formats          string
	Latest           bool
	HasDOCX          bool
}

var kindNames = map[document.Kind]string{
	"roadmap":  "дорожная карта",
	"analysis": "анализ",
	"mixed":    "план и анализ",
}

func (s *Server) pageTemplates(c *gin.Context) {
	if _, pr := query(c); pr != nil {
		s.webProblem(c, pr, "/templates")
		return
	}
	p := s.newPage(c, "templates", "Шаблоны")
	for _, t := range s.catalogue() {
		for _, v := range t.Versions {
			row := catalogueRow{Ref: v.Ref, ID: t.ID, Version: v.Version, Description: v.Description,
				Formats: strings.ToUpper(strings.Join(v.Formats, ", ")), Latest: v.Version == t.Latest}
			var kinds []string
			for _, k := range v.Kinds {
				if n, ok := kindNames[k]; ok {
					kinds = append(kinds, n)
				} else {
					kinds = append(kinds, string(k))
				}
			}
			row.Kinds = strings.Join(kinds, ", ")
			for _, f := range v.Formats {
				row.HasDOCX = row.HasDOCX || f == string(kartograf.DOCX)
			}
			p.Catalogue = append(p.Catalogue, row)
		}
	}
	s.html(c, http.StatusOK, "templates", p)
}

// version resolves the :ref of a template route: id@version only, so a
// link always shows the same thing.
func (s *Server) version(c *gin.Context) (*templates.Version, bool) {
	ref := c.Param("ref")
	if _, pr := parseTemplate(ref); pr != nil || !strings.Contains(ref, "@") {
		s.webError(c, http.StatusNotFound, "Шаблон не найден", "Адрес шаблона: /templates/ИД@ВЕРСИЯ, например /templates/school-roadmap@1.1.0.", "not-found")
		return nil, false
	}
	v, err := s.cfg.Engine.Templates().Resolve(ref)
	if err != nil {
		s.webError(c, http.StatusNotFound, "Шаблон не найден", err.Error(), "not-found")
		return nil, false
	}
	return v, true
}

// pageTemplate shows a version's sample: the first built-in sample the
// version accepts, drawn like the document page draws an upload.
func (s *Server) pageTemplate(c *gin.Context) {
	if _, pr := query(c); pr != nil {
		s.webProblem(c, pr, "/templates")
		return
	}
	v, ok := s.version(c)
	if !ok {
		return
	}
	p := s.newPage(c, "templates", "Шаблон "+v.Ref())
	p.Ref = v.Ref()
	p.Template = v.Manifest.Description
	pr := s.work(c, func(ctx context.Context) error {
		prep, err := s.sample(ctx, v)
		if err != nil {
			return err
		}
		p.Result = &docResult{Title: prep.Doc.Title, Template: v.Ref()}
		p.Preview, err = s.previewPages(ctx, prep)
		return err
	})
	if pr != nil {
		s.webProblem(c, pr, "/templates")
		return
	}
	s.html(c, http.StatusOK, "template", p)
}

// errNoSample: no built-in sample fits a version (a template loaded from
// a directory for a document kind of its own).
var errNoSample = errors.New("ни один встроенный образец не подходит к этой версии шаблона")

// sample prepares the first built-in sample document the version takes:
// one written for the template first, then any.
func (s *Server) sample(ctx context.Context, v *templates.Version) (*kartograf.Prepared, error) {
	all := kartograf.Samples()
	var mine, others []*document.Document
	for _, d := range all {
		doc, err := document.DecodeBytes(d.JSON)
		if err != nil {
			continue
		}
		id, _, _ := strings.Cut(doc.Template, "@")
		if id == v.Manifest.ID {
			mine = append(mine, doc)
		} else {
			others = append(others, doc)
		}
	}
	for _, doc := range append(mine, others...) {
		prep, err := s.cfg.Engine.Prepare(ctx, doc, v.Ref())
		if err == nil {
			return prep, nil
		}
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
	}
	return nil, errNoSample
}

// templateDOCX sends a version's Word template, packed, for editing (the
// reverse is `kartograf templates unpack`).
func (s *Server) templateDOCX(c *gin.Context) {
	if _, pr := query(c); pr != nil {
		s.webProblem(c, pr, "/templates")
		return
	}
	v, ok := s.version(c)
	if !ok {
		return
	}
	if v.Manifest.Docx == nil {
		s.webError(c, http.StatusNotFound, "Шаблона Word нет", "У версии "+v.Ref()+" нет шаблона DOCX.", "not-found")
		return
	}
	dir, err := fs.Sub(v.Files, v.Manifest.Docx.Dir)
	var b bytes.Buffer
	if err == nil {
		err = docx.Pack(dir, &b)
	}
	if err != nil {
		pr := newProblem(http.StatusInternalServerError, KindInternal, "шаблон Word не собирается; номер запроса "+c.GetString(keyRequestID))
		pr.cause = err
		s.webProblem(c, pr, "/templates")
		return
	}
	h := c.Writer.Header()
	h.Set("Content-Type", kartograf.DOCX.ContentType())
	h.Set("Content-Length", strconv.Itoa(b.Len()))
	h.Set("Content-Disposition", contentDisposition("Шаблон "+v.Ref()+".docx"))
	h.Set("Cache-Control", "no-store")
	c.Writer.WriteHeader(http.StatusOK)
	c.Writer.Write(b.Bytes())
}
