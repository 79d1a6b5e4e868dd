package service

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/kartograf-ru/kartograf"
	"github.com/kartograf-ru/kartograf/pkg/batch"
	"github.com/kartograf-ru/kartograf/pkg/jobs"
	"github.com/kartograf-ru/kartograf/pkg/service/config"
)

// Kinds of the job routes.
const (
	// KindJobNotReady: the job's result was asked for before it was done,
	// or the job failed and has none.
	KindJobNotReady Kind = "job-not-ready"
	// KindJobState: the job cannot be started in its state (already
	// started or finished).
	KindJobState Kind = "job-state"
)

// Defaults of the job settings of Config.
const (
	DefaultJobTTL  = config.DefaultJobTTL
	DefaultMaxJobs = config.DefaultMaxJobs
)

// jobResultName is the file name the zip of a job is downloaded under, as
// /v1/batch names its archive.
const jobResultName = "Дорожные карты школ.zip"

// jobRetryAfter is the Retry-After of a full job queue, in seconds: a
// district's batch takes minutes, not the second a render takes.
const jobRetryAfter = 60

// newJobStore opens the server's store of background jobs. One job runs at
// a time, holding one render slot, so a district's batch never starves
// the single-document routes; MaxJobs more may wait. Jobs kept in any
// state — prepared ones hold their parsed input in memory — are bounded
// by four times that, at least jobs.DefaultMaxJobs.
func newJobStore(c Config) (*jobs.Store, error) {
	return jobs.New(jobs.Config{
		Dir:       c.JobsDir,
		Workers:   1,
		MaxQueued: c.MaxJobs,
		MaxJobs:   max(jobs.DefaultMaxJobs, 4*c.MaxJobs),
		TTL:       c.JobTTL,
		// Waiting for a render slot is not part of BatchTimeout; this
		// bounds a job that waits far longer than any render lasts.
		Timeout: c.BatchTimeout + jobs.DefaultTimeout,
		Now:     c.Now,
	})
}

// Close stops the background jobs (running ones are cancelled) and removes
// their files. Serve calls it once the server has stopped; a Server that
// is never served should be closed by whoever made it.
func (s *Server) Close() error { return s.jobs.Close() }

// jobRoutes adds the /v1/jobs routes to g; get registers GET and HEAD.
func (s *Server) jobRoutes(g *gin.RouterGroup, get func(gin.IRoutes, string, gin.HandlerFunc)) {
	g.POST("/jobs", s.createJob)
	get(g, "/jobs/:id", s.getJob)
	get(g, "/jobs/:id/result", s.jobResult)
	g.DELETE("/jobs/:id", s.deleteJob)
}

// jobMeta is what the store keeps as a job's info: the schools to count
// before the job runs and whatever the caller wants to show.
type jobMeta struct {
	schools int
	info    any
}

// jobSummary is what a batch job leaves besides its zip.
type jobSummary struct {
	Schools  int            `json:"schools"`
	Rendered int            `json:"rendered"`
	Failed   []failedSchool `json:"failed"`
}

// failedSchool is one school whose documents could not be made.
type failedSchool struct {
	ID        string `json:"id"`
	ShortName string `json:"short_name"`
	Error     string `json:"error"`
}

// jobProgress counts schools.
type jobProgress struct {
	Done   int `json:"done"`
	Total  int `json:"total"`
	Failed int `json:"failed"`
}

// jobView is the JSON of GET /v1/jobs/{id}; times are RFC 3339 in UTC and
// empty until they happen. Failed lists the failed schools once the job is
// done; Result is where its zip is. Info is what the job was submitted
// with, for the web page; the API does not send it.
type jobView struct {
	ID       string         `json:"id"`
	State    jobs.State     `json:"state"`
	Progress jobProgress    `json:"progress"`
	Created  string         `json:"created"`
	Started  string         `json:"started,omitempty"`
	Finished string         `json:"finished,omitempty"`
	Expires  string         `json:"expires,omitempty"`
	Error    string         `json:"error,omitempty"`
	Failed   []failedSchool `json:"failed,omitzero"` // [] once done, absent before
	Result   string         `json:"result,omitempty"`
	Info     any            `json:"-"`
}

func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

func newJobView(st jobs.Status) jobView {
	v := jobView{
		ID:    st.ID,
		State: st.State,
		Progress: jobProgress{
			Done: st.Progress.Done, Total: st.Progress.Total, Failed: st.Progress.Failed,
		},
		Created:  rfc3339(st.Created),
		Started:  rfc3339(st.Started),
		Finished: rfc3339(st.Finished),
		Expires:  rfc3339(st.Expires),
		Error:    st.Error,
	}
	if m, ok := st.Info.(jobMeta); ok {
		v.Info = m.info
		if v.Progress.Total == 0 {
			v.Progress.Total = m.schools
		}
	}
	if st.State == jobs.Done {
		v.Failed = []failedSchool{}
		if sum, ok := st.Summary.(*jobSummary); ok {
			v.Failed = sum.Failed
		}
		v.Result = "/v1/jobs/" + st.ID + "/result"
	}
	return v
}

// submitBatch makes job a background job: prepared (to be started by
// startJob once someone has read what it will do) or queued at once. info
// is kept with the job and returned by jobStatus. The job's Engine and
// Workers are the server's to set.
func (s *Server) submitBatch(job batch.Job, info any, start bool) (string, *Problem) {
	if len(job.Schools) == 0 || (job.Base == nil && len(job.Previous) == 0) {
		return "", newProblem(http.StatusBadRequest, KindInvalidParameter, "нужны план или документы прошлого года и реестр школ")
	}
	if len(job.Schools) > s.cfg.MaxBatchSchools {
		return "", newProblem(http.StatusRequestEntityTooLarge, KindTooManyRows,
			fmt.Sprintf("в реестре %d школ, за одно задание допускается не более %d", len(job.Schools), s.cfg.MaxBatchSchools))
	}
	meta := jobMeta{schools: len(job.Schools), info: info}
	var id string
	var err error
	if start {
		id, err = s.jobs.Submit(meta, s.batchTask(job))
	} else {
		id, err = s.jobs.Prepare(meta, s.batchTask(job))
	}
	if err != nil {
		return "", jobProblem(err)
	}
	return id, nil
}

// startJob queues a prepared job.
func (s *Server) startJob(id string) *Problem {
	if err := s.jobs.Start(id); err != nil {
		return jobProblem(err)
	}
	return nil
}

// jobStatus is the job's state as GET /v1/jobs/{id} shows it.
func (s *Server) jobStatus(id string) (jobView, *Problem) {
	st, err := s.jobs.Status(id)
	if err != nil {
		return jobView{}, jobProblem(err)
	}
	return newJobView(st), nil
}

// batchTask renders job into the job's file. It waits for one render slot
// for as long as it takes — the job has no client to keep waiting — and
// then has BatchTimeout to finish, like /v1/batch.
func (s *Server) batchTask(job batch.Job) jobs.Task {
	return func(ctx context.Context, w io.Writer, progress func(jobs.Progress)) (any, error) {
		sum := &jobSummary{Schools: len(job.Schools), Failed: []failedSchool{}}
		release, err := s.waitSlot(ctx)
		if err != nil {
			return sum, err
		}
		defer release()
		rctx, cancel := context.WithTimeout(ctx, s.cfg.BatchTimeout)
		defer cancel()
		job.Engine = s.cfg.Engine
		job.Workers = 1
		job.Progress = func(p batch.Progress) {
			progress(jobs.Progress{Done: p.Done, Total: p.Total, Failed: p.Failed})
		}
		res, err := batch.Stream(rctx, w, job)
		if res != nil {
			sum.Rendered = res.Rendered
			for _, o := range res.Outcomes {
				if o.Status == batch.StatusFailed {
					sum.Failed = append(sum.Failed, failedSchool{ID: o.ID, ShortName: o.ShortName, Error: o.Error})
				}
			}
		}
		switch {
		case err == nil:
			return sum, nil
		case ctx.Err() != nil: // deleted, or the server stops
			return sum, ctx.Err()
		case errors.Is(err, context.DeadlineExceeded):
			return sum, fmt.Errorf("пакет не сформирован за %s", s.cfg.BatchTimeout)
		}
		return sum, fmt.Errorf("пакет прерван: %w", err)
	}
}

// waitSlot takes a render slot, waiting until one frees up or ctx is done.
func (s *Server) waitSlot(ctx context.Context) (func(), error) {
	for {
		release, p, err := s.limit.acquire(ctx)
		if err != nil {
			return nil, err
		}
		if p == nil {
			return release, nil
		}
	}
}

// jobProblem maps an error of the job store onto a problem.
func jobProblem(err error) *Problem {
	var p *Problem
	switch {
	case errors.Is(err, jobs.ErrNotFound):
		p = newProblem(http.StatusNotFound, KindNotFound, err.Error())
	case errors.Is(err, jobs.ErrNotReady):
		p = newProblem(http.StatusConflict, KindJobNotReady, err.Error())
		p.Title = "Задание ещё не готово"
	case errors.Is(err, jobs.ErrState):
		p = newProblem(http.StatusConflict, KindJobState, err.Error())
		p.Title = "Действие недоступно в этом состоянии задания"
	case errors.Is(err, jobs.ErrFull):
		p = newProblem(http.StatusTooManyRequests, KindOverloaded, "сервис перегружен: "+err.Error())
		p.retryAfter = jobRetryAfter
	case errors.Is(err, jobs.ErrClosed):
		p = newProblem(http.StatusServiceUnavailable, KindOverloaded, "сервис останавливается; повторите запрос позже")
		p.retryAfter = jobRetryAfter
	default:
		p = newProblem(http.StatusInternalServerError, KindInternal, "задание: внутренняя ошибка")
	}
	p.cause = err
	return p
}

// createJob is POST /v1/jobs: the body of /v1/batch, checked the same way
// before anything is queued; the answer is the job's status.
func (s *Server) createJob(c *gin.Context) {
	if _, p := query(c); p != nil {
		s.fail(c, p)
		return
	}
	job, release, p := s.readBatch(c)
	if p != nil {
		s.fail(c, p)
		return
	}
	// The request's admission ends here: the job holds its input and waits
	// in the job queue, not in the request queue.
	release()
	id, p := s.submitBatch(job, nil, true)
	if p != nil {
		s.fail(c, p)
		return
	}
	v, p := s.jobStatus(id)
	if p != nil {
		s.fail(c, p)
		return
	}
	c.Header("Location", "/v1/jobs/"+id)
	c.Header("Cache-Control", "no-store")
	c.Set(keyTemplate, fmt.Sprintf("job schools=%d", len(job.Schools)))
	c.JSON(http.StatusAccepted, v)
}

// getJob is GET /v1/jobs/{id}.
func (s *Server) getJob(c *gin.Context) {
	if _, p := query(c); p != nil {
		s.fail(c, p)
		return
	}
	v, p := s.jobStatus(c.Param("id"))
	if p != nil {
		s.fail(c, p)
		return
	}
	c.Header("Cache-Control", "no-store")
	c.JSON(http.StatusOK, v)
}

// jobResult is GET /v1/jobs/{id}/result: the zip, with ranges, so that a
// broken download can resume.
func (s *Server) jobResult(c *gin.Context) {
	if _, p := query(c); p != nil {
		s.fail(c, p)
		return
	}
	f, st, err := s.jobs.Open(c.Param("id"))
	if errors.Is(err, jobs.ErrState) {
		// Failed or cancelled: there never will be a result.
		p := newProblem(http.StatusConflict, KindJobNotReady, "задание завершилось без результата: "+st.Error)
		p.Title = "Задание ещё не готово"
		p.cause = err
		s.fail(c, p)
		return
	}
	if err != nil {
		s.fail(c, jobProblem(err))
		return
	}
	defer f.Close()
	h := c.Writer.Header()
	h.Set("Content-Type", "application/zip")
	h.Set("Content-Disposition", contentDisposition(jobResultName))
	h.Set("Cache-Control", "private, no-store")
	h.Set("ETag", `"`+st.ID+`"`) // the file never changes once done
	h.Set(HeaderVersion, kartograf.Version)
	http.ServeContent(c.Writer, c.Request, "", st.Finished, f)
}

// deleteJob is DELETE /v1/jobs/{id}: a running job is cancelled; the job
// and its file are gone at once.
func (s *Server) deleteJob(c *gin.Context) {
	if _, p := query(c); p != nil {
		s.fail(c, p)
		return
	}
	if err := s.jobs.Delete(c.Param("id")); err != nil {
		s.fail(c, jobProblem(err))
		return
	}
	c.Status(http.StatusNoContent)
}
