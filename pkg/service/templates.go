package service

import (
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/templates"
)

// templateVersion describes one version in /v1/templates.
type templateVersion struct {
	Ref         string          `json:"ref"`
	Version     string          `json:"version"`
	Hash        string          `json:"hash"`
	Description string          `json:"description"`
	Kinds       []document.Kind `json:"kinds"`
	Formats     []string        `json:"formats"`
	Builtin     bool            `json:"builtin"`
}

// templateInfo is one template id with its versions, oldest first.
type templateInfo struct {
	ID       string            `json:"id"`
	Latest   string            `json:"latest"`
	Versions []templateVersion `json:"versions"`
}

func describe(v *templates.Version) templateVersion {
	var formats []string
	for _, f := range kartograf.FormatsOf(v) {
		formats = append(formats, string(f))
	}
	kinds := v.Manifest.Kinds
	if kinds == nil {
		kinds = []document.Kind{}
	}
	return templateVersion{
		Ref:         v.Ref(),
		Version:     v.Manifest.Version,
		Hash:        v.Hash,
		Description: v.Manifest.Description,
		Kinds:       kinds,
		Formats:     formats,
		Builtin:     v.Source == "builtin",
	}
}

// catalogue groups the registry's versions by id, ids sorted.
func (s *Server) catalogue() []templateInfo {
	var out []templateInfo
	for _, v := range s.cfg.Engine.Templates().List() {
		if n := len(out); n == 0 || out[n-1].ID != v.Manifest.ID {
			out = append(out, templateInfo{ID: v.Manifest.ID})
		}
		t := &out[len(out)-1]
		t.Versions = append(t.Versions, describe(v))
		t.Latest = v.Manifest.Version
	}
	return out
}

func (s *Server) listTemplates(c *gin.Context) {
	if _, p := query(c); p != nil {
		s.fail(c, p)
		return
	}
	c.JSON(http.StatusOK, gin.H{"templates": s.catalogue()})
}

func (s *Server) getTemplate(c *gin.Context) {
	if _, p := query(c); p != nil {
		s.fail(c, p)
		return
	}
	id := c.Param("id")
	if _, p := parseTemplate(id); p != nil || strings.Contains(id, "@") {
		s.fail(c, newProblem(http.StatusBadRequest, KindInvalidParameter, "недопустимый идентификатор шаблона",
			document.Problem{Path: "id", Message: "ожидается идентификатор вида school-roadmap"}))
		return
	}
	for _, t := range s.catalogue() {
		if t.ID == id {
			c.JSON(http.StatusOK, t)
			return
		}
	}
	s.fail(c, newProblem(http.StatusNotFound, KindUnknownTemplate, "шаблон «"+id+"» не найден",
		document.Problem{Path: "id", Message: "нет такого шаблона"}))
}
