package service

import (
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/rollover"
)

// «Новый учебный год»: a district's registry and a base plan (or last
// year's documents) in, a background job out, whose page shows the
// rollover report first, then progress, then the archive and the failed
// schools. The form is checked whole before a job exists, so a job that
// starts can only fail school by school.

// yearForm is what the form shows again after a problem.
type yearForm struct {
	To      string
	Formats map[string]bool
	LastJob string // the browser's last job, when it still exists
}

// yearInfo is what a prepared job keeps for its page: the report to read
// before running, and what was asked.
type yearInfo struct {
	Registry, Plan string // the uploaded files' names
	Schools        int
	To             string
	Formats        []string
	Template       string
	// Base is the report of a shared plan's roll; PerSchool the summary
	// of each school's own document's roll (last year's documents).
	Base      *rollover.Report
	PerSchool []schoolRoll
	// Missing are schools of the registry without last year's document:
	// they will fail, and the page says so before the run.
	Missing []string
	// plan is the shared plan, to place the report's paths in its words.
	plan *document.Document
}

// schoolRoll is one school's roll in the report of last year's documents.
type schoolRoll struct {
	ID       string
	Changes  int
	Kept     []rollover.Kept
	Problems string // the roll failed: why
}

func (s *Server) pageYear(c *gin.Context) {
	if _, pr := query(c); pr != nil {
		s.webProblem(c, pr, "/year")
		return
	}
	p := s.newPage(c, "year", "Новый учебный год")
	p.Year = &yearForm{Formats: map[string]bool{"pdf": true}, LastJob: s.lastJob(c)}
	s.html(c, http.StatusOK, "year", p)
}
