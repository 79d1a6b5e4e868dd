package service

import (
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/jobs"
)

// A job's page is its address: /jobs/{id}, 128 random bits that only the
// browser which made the job knows. It survives a reload and shows the
// same job until the job expires.

// jobCookie remembers the browser's last job, so that the form's page can
// lead back to it.
const jobCookie = "kartograf_job"

// maxReportRows bounds the rows of each table of the rollover report.
const maxReportRows = 500

// jobPage is one job as its page shows it.
type jobPage struct {
	ID, State, StateText string
	Info                 *yearInfo
	Shift                string
	Changes              []reportRow
	MoreChanges          int
	Kept                 []keptRow
	Done, Total          int
	ProgressText         string
	Expires              string
	Size                 string
	Error                string
	FailedSchools        []failedSchool
}

type reportRow struct{ Place, Before, After string }

type keptRow struct{ Place, Text, Year, Why string }

var stateText = map[jobs.State]string{
	jobs.Prepared:  "Проверено: прочитайте отчёт и запустите формирование",
	jobs.Queued:    "В очереди",
	jobs.Running:   "Формируется",
	jobs.Done:      "Готово",
	jobs.Failed:    "Ошибка",
	jobs.Cancelled: "Отменено",
}

// prepareYearJob keeps a checked job until the person has read its report.
func (s *Server) prepareYearJob(c *gin.Context, job yearJob) (string, *Problem) {
	id, pr := s.submitBatch(job.batch, job.info, false)
	if pr != nil {
		return "", pr
	}
	http.SetCookie(c.Writer, &http.Cookie{
		Name: jobCookie, Value: id, Path: "/",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: c.Request.TLS != nil,
	})
	return id, nil
}

// lastJob is the browser's last job while it still exists.
func (s *Server) lastJob(c *gin.Context) string {
	ck, err := c.Request.Cookie(jobCookie)
	if err != nil || !jobs.ValidID(ck.Value) {
		return ""
	}
	if _, err := s.jobs.Status(ck.Value); err != nil {
		return ""
	}
	return ck.Value
}

func (s *Server) pageJob(c *gin.Context) {
	if _, pr := query(c); pr != nil {
		s.webProblem(c, pr, "/year")
		return
	}
	v, pr := s.jobStatus(c.Param("id"))
	if pr != nil {
		s.webError(c, http.StatusNotFound, "Задание не найдено", "Задания с таким адресом нет: адрес неверен или срок хранения результата истёк. Начните новое.", "not-found")
		return
	}
	p := s.newPage(c, "year", "Новый учебный год: задание")
	info, _ := v.Info.(*yearInfo)
	if info == nil {
		info = &yearInfo{} // a job made through the API
	}
	j := &jobPage{
		ID: v.ID, State: string(v.State), StateText: stateText[v.State], Info: info,
		Done: v.Progress.Done, Total: v.Progress.Total, Error: v.Error, FailedSchools: v.Failed,
		ProgressText: progressText(v),
	}
	if t, err := time.Parse(time.RFC3339, v.Expires); err == nil {
		j.Expires = t.In(moscow).Format("02.01.2006 15:04") + " (МСК)"
	}
	if r := info.Base; r != nil {
		j.Shift = r.ShiftText()
		for i, ch := range r.Changes {
			if i == maxReportRows {
				j.MoreChanges = len(r.Changes)
				break
			}
			j.Changes = append(j.Changes, reportRow{Place: placeOf(info.plan, ch.Path), Before: ch.Before, After: ch.After})
		}
		for i, k := range r.Kept {
			if i == maxReportRows {
				break
			}
			j.Kept = append(j.Kept, keptRow{Place: placeOf(info.plan, k.Path), Text: k.Text, Year: k.Year, Why: k.Why})
		}
	}
	if v.State == jobs.Done {
		if _, st, err := s.jobs.Open(v.ID); err == nil {
			j.Size = humanBytes(st.Size)
		}
	}
	p.Job = j
	s.html(c, http.StatusOK, "job", p)
}

// placeOf is a report path in the plan's own words, with the path when
// the plan has none.
func placeOf(d *document.Document, path string) string {
	if s := document.Place(d, path, nil); s != "" {
		return s
	}
	return path
}

// moscow is the zone of the dates a page shows; most of the users are in
// it, and a fixed zone keeps the page the same on any server.
var moscow = time.FixedZone("MSK", 3*60*60)

// progressText says how far a job has come, in Russian.
func progressText(v jobView) string {
	p := v.Progress
	switch v.State {
	case jobs.Prepared:
		return fmt.Sprintf("Школ в реестре: %d", p.Total)
	case jobs.Queued:
		return "Ждёт своей очереди; школ: " + fmt.Sprint(p.Total)
	}
	s := fmt.Sprintf("Готово %d из %d %s", p.Done, p.Total, schoolsWord(p.Total))
	if p.Failed > 0 {
		s += fmt.Sprintf(", с ошибками: %d", p.Failed)
	}
	return s
}

// schoolsWord is «школы» or «школ» after «из N».
func schoolsWord(n int) string {
	if n%10 == 1 && n%100 != 11 {
		return "школы"
	}
	return "школ"
}

// jobStatusJSON is what the page's script polls: the state and the
// progress, and the text to show.
func (s *Server) jobStatusJSON(c *gin.Context) {
	v, pr := s.jobStatus(c.Param("id"))
	if pr != nil {
		s.fail(c, pr)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, gin.H{"state": v.State, "done": v.Progress.Done, "total": v.Progress.Total, "failed": v.Progress.Failed, "text": progressText(v)})
}

// postStart runs a prepared job.
func (s *Server) postStart(c *gin.Context) {
	id := c.Param("id")
	if _, err := s.jobs.Status(id); err != nil {
		s.webError(c, http.StatusNotFound, "Задание не найдено", "Задания с таким адресом нет: адрес неверен или срок хранения истёк.", "not-found")
		return
	}
	if _, pr := s.readForm(c); pr != nil {
		s.webProblem(c, pr, "/jobs/"+id)
		return
	}
	if pr := s.startJob(id); pr != nil && pr.kind != KindJobState {
		s.webProblem(c, pr, "/jobs/"+id)
		return
	}
	// Started now or already: either way the job's page shows where it is.
	c.Redirect(http.StatusSeeOther, "/jobs/"+id)
}

// webJobResult sends the archive of a finished job.
func (s *Server) webJobResult(c *gin.Context) {
	v, pr := s.jobStatus(c.Param("id"))
	if pr != nil {
		s.webError(c, http.StatusNotFound, "Задание не найдено", "Задания с таким адресом нет: адрес неверен или срок хранения истёк.", "not-found")
		return
	}
	if v.State != jobs.Done {
		msg := "Архив будет готов, когда задание завершится."
		if v.State.Final() {
			msg = "Задание завершилось без архива: " + strings.TrimSpace(v.Error)
		}
		s.webError(c, http.StatusConflict, "Архива нет", msg, "not-ready")
		return
	}
	s.jobResult(c)
}
