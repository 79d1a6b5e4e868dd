package service

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"net/http"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kartograf-ru/kartograf/pkg/batch"
	"github.com/kartograf-ru/kartograf/pkg/document"
	"github.com/kartograf-ru/kartograf/pkg/jobs"
	"github.com/kartograf-ru/kartograf/pkg/registry"
)

// jobFixture is a fixture whose server is closed with the test, so that
// its job goroutines and files go too.
func jobFixture(t *testing.T, mutate func(*Config)) *fixture {
	t.Helper()
	f := newFixture(t, mutate)
	t.Cleanup(func() {
		if err := f.srv.Close(); err != nil {
			t.Error(err)
		}
	})
	return f
}

// jobJSON reads a job status answer.
func jobJSON(t *testing.T, r reply) jobView {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Fatalf("status %d, Content-Type %q: %.300s", r.status, ct, r.body)
	}
	var v jobView
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("%v: %s", err, r.body)
	}
	return v
}

// waitJob polls GET /v1/jobs/{id} until the job is final, as a client
// would. The bound only turns a hang into a failure.
func waitJob(t *testing.T, f *fixture, id string) jobView {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		r := f.do(t, "GET", "/v1/jobs/"+id, nil)
		if r.status != http.StatusOK {
			t.Fatalf("GET job: %d %.300s", r.status, r.body)
		}
		v := jobJSON(t, r)
		if v.State.Final() {
			return v
		}
		if time.Now().After(deadline) {
			t.Fatalf("job still %s", v.State)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitState polls the store until the job reaches state.
func waitState(t *testing.T, f *fixture, id string, state jobs.State) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := f.srv.jobs.Status(id)
		if err != nil {
			t.Fatal(err)
		}
		if st.State == state {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s, want %s", st.State, state)
		}
		time.Sleep(time.Millisecond)
	}
}

// holdSlots takes every render slot, so that a job waits for one; the
// returned func gives them back.
func holdSlots(t *testing.T, f *fixture) func() {
	t.Helper()
	var releases []func()
	for range cap(f.srv.limit.render) {
		rel, p, err := f.srv.limit.acquire(t.Context())
		if p != nil || err != nil {
			t.Fatalf("slot: %v %v", p, err)
		}
		releases = append(releases, rel)
	}
	return func() {
		for _, r := range releases {
			r()
		}
	}
}

func TestJobLifecycle(t *testing.T) {
	dir := t.TempDir()
	f := jobFixture(t, func(c *Config) { c.JobsDir = dir; c.JobTTL = 2 * time.Hour })
	r := f.do(t, "POST", "/v1/jobs", bytes.NewReader(batchBody(t, twoSchools, `, "to": "2024-2025", "formats": ["pdf"]`)))
	if r.status != http.StatusAccepted {
		t.Fatalf("POST /v1/jobs: %d %.300s", r.status, r.body)
	}
	v := jobJSON(t, r)
	if !jobs.ValidID(v.ID) || r.header.Get("Location") != "/v1/jobs/"+v.ID {
		t.Fatalf("id %q, Location %q", v.ID, r.header.Get("Location"))
	}
	if v.Progress.Total != 2 || v.Created != "2024-08-30T10:00:00Z" || v.Result != "" {
		t.Errorf("accepted job: %+v", v)
	}

	v = waitJob(t, f, v.ID)
	if v.State != jobs.Done || v.Progress != (jobProgress{Done: 2, Total: 2, Failed: 1}) || v.Error != "" {
		t.Fatalf("finished job: %+v", v)
	}
	if v.Finished != "2024-08-30T10:00:00Z" || v.Expires != "2024-08-30T12:00:00Z" || v.Result != "/v1/jobs/"+v.ID+"/result" {
		t.Errorf("times and result of the done job: %+v", v)
	}
	if len(v.Failed) != 1 || v.Failed[0].ID != "b2" || v.Failed[0].ShortName != "МКОУ СОШ №2" || !strings.Contains(v.Failed[0].Error, "U+1F600") {
		t.Errorf("failed schools %+v", v.Failed)
	}

	res := f.do(t, "GET", v.Result, nil)
	if res.status != http.StatusOK || res.header.Get("Content-Type") != "application/zip" ||
		res.header.Get("Content-Length") != strconv.Itoa(len(res.body)) {
		t.Fatalf("result: %d %v", res.status, res.header)
	}
	if cd := res.header.Get("Content-Disposition"); cd != contentDisposition("Дорожные карты школ.zip") {
		t.Errorf("Content-Disposition %q", cd)
	}
	zr, err := zip.NewReader(bytes.NewReader(res.body), int64(len(res.body)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range zr.File {
		names = append(names, e.Name)
	}
	if strings.Join(names, " ") != "a1.pdf index.json index.csv index.xlsx" {
		t.Errorf("entries %v", names)
	}
	// A broken download resumes.
	part := f.do(t, "GET", v.Result, nil, "Range", "bytes=10-19")
	if part.status != http.StatusPartialContent || !bytes.Equal(part.body, res.body[10:20]) {
		t.Errorf("range: %d %q", part.status, part.body)
	}
	if head := f.do(t, "HEAD", v.Result, nil); head.status != http.StatusOK || len(head.body) != 0 {
		t.Errorf("HEAD result: %d", head.status)
	}

	if d := f.do(t, "DELETE", "/v1/jobs/"+v.ID, nil); d.status != http.StatusNoContent {
		t.Fatalf("DELETE: %d %.300s", d.status, d.body)
	}
	for _, path := range []string{"/v1/jobs/" + v.ID, v.Result} {
		g := f.do(t, "GET", path, nil)
		if p := g.problem(t); g.status != http.StatusNotFound || p.Type != problemTypePrefix+string(KindNotFound) {
			t.Errorf("GET %s after DELETE: %d %+v", path, g.status, p)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files after DELETE: %v", entries)
	}
}

func TestJobNotReadyAndCancel(t *testing.T) {
	dir := t.TempDir()
	f := jobFixture(t, func(c *Config) { c.JobsDir = dir; c.MaxInFlight = 1 })
	release := holdSlots(t, f)
	defer release()
	r := f.do(t, "POST", "/v1/jobs", bytes.NewReader(batchBody(t, twoSchools, "")))
	if r.status != http.StatusAccepted {
		t.Fatalf("%d %.300s", r.status, r.body)
	}
	id := jobJSON(t, r).ID
	waitState(t, f, id, jobs.Running) // waiting for the render slot the test holds

	res := f.do(t, "GET", "/v1/jobs/"+id+"/result", nil)
	p := res.problem(t)
	if res.status != http.StatusConflict || p.Type != problemTypePrefix+string(KindJobNotReady) || !hasCyrillic(p.Title) || !hasCyrillic(p.Detail) {
		t.Fatalf("result of a running job: %d %+v", res.status, p)
	}
	if v := jobJSON(t, f.do(t, "GET", "/v1/jobs/"+id, nil)); v.State != jobs.Running || v.Started == "" || v.Expires != "" || v.Result != "" || v.Failed != nil {
		t.Errorf("running job: %+v", v)
	}

	// DELETE cancels it: the job stops waiting and leaves nothing.
	if d := f.do(t, "DELETE", "/v1/jobs/"+id, nil); d.status != http.StatusNoContent {
		t.Fatalf("DELETE: %d", d.status)
	}
	next, err := f.srv.jobs.Submit(nil, f.srv.batchTask(batch.Job{}))
	if err != nil {
		t.Fatal(err)
	}
	waitState(t, f, next, jobs.Running) // the worker left the cancelled job
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), id) {
			t.Errorf("the cancelled job left %s", e.Name())
		}
	}
	if _, err := f.srv.jobs.Status(id); err == nil {
		t.Error("the deleted job is still there")
	}
}

func TestJobQueueFull(t *testing.T) {
	f := jobFixture(t, func(c *Config) { c.MaxJobs = 1; c.MaxInFlight = 1 })
	release := holdSlots(t, f)
	body := batchBody(t, twoSchools, "")
	first := jobJSON(t, f.do(t, "POST", "/v1/jobs", bytes.NewReader(body))).ID
	waitState(t, f, first, jobs.Running)
	second := jobJSON(t, f.do(t, "POST", "/v1/jobs", bytes.NewReader(body))).ID
	if v, _ := f.srv.jobStatus(second); v.State != jobs.Queued {
		t.Fatalf("second job %s", v.State)
	}
	r := f.do(t, "POST", "/v1/jobs", bytes.NewReader(body))
	p := r.problem(t)
	if r.status != http.StatusTooManyRequests || p.Type != problemTypePrefix+string(KindOverloaded) || r.header.Get("Retry-After") == "" {
		t.Fatalf("third job: %d %v %+v", r.status, r.header, p)
	}
	release()
	for _, id := range []string{first, second} {
		if v := waitJob(t, f, id); v.State != jobs.Done {
			t.Errorf("job %s: %s %s", id, v.State, v.Error)
		}
	}
}

// The web page prepares a job from a batch.Job it built, shows the report,
// then starts it.
func TestJobPreparedForThePage(t *testing.T) {
	f := jobFixture(t, nil)
	plan, err := document.DecodeBytes(seed001(t))
	if err != nil {
		t.Fatal(err)
	}
	schools := []registry.School{{ID: "s1", ShortName: "СОШ №1", FullName: "Школа №1", District: "Район", Director: "А.А. Ан"}}
	id, p := f.srv.submitBatch(batch.Job{Base: plan, Schools: schools, Formats: nil}, "отчёт о переносе", false)
	if p != nil {
		t.Fatal(p)
	}
	v, p := f.srv.jobStatus(id)
	if p != nil || v.State != jobs.Prepared || v.Info != "отчёт о переносе" || v.Progress.Total != 1 || v.Expires != "2024-08-30T11:00:00Z" { // prepared: an hour
		t.Fatalf("prepared: %+v %v", v, p)
	}
	if raw := f.do(t, "GET", "/v1/jobs/"+id, nil).body; bytes.Contains(raw, []byte("отчёт")) {
		t.Errorf("the API shows the page's info: %s", raw)
	}
	if p := f.srv.startJob(id); p != nil {
		t.Fatal(p)
	}
	if p := f.srv.startJob(id); p == nil || p.Status != http.StatusConflict || p.Kind() != KindJobState {
		t.Errorf("second start: %+v", p)
	}
	if v := waitJob(t, f, id); v.State != jobs.Done || len(v.Failed) != 0 || v.Failed == nil {
		t.Errorf("done: %+v", v)
	}
	if _, p := f.srv.submitBatch(batch.Job{Base: plan}, nil, false); p == nil || p.Status != http.StatusBadRequest {
		t.Errorf("a job without schools: %v", p)
	}
	many := make([]registry.School, f.srv.cfg.MaxBatchSchools+1)
	if _, p := f.srv.submitBatch(batch.Job{Base: plan, Schools: many}, nil, true); p == nil || p.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("too many schools: %v", p)
	}
}

func TestJobBadRequests(t *testing.T) {
	f := jobFixture(t, nil)
	locked := jobFixture(t, func(c *Config) { c.RequireAuth = true })
	id := strings.Repeat("0", 32)
	for _, c := range []struct {
		name         string
		fx           *fixture
		method, path string
		body         []byte
		status       int
		kind         Kind
	}{
		{"unknown job", f, "GET", "/v1/jobs/" + id, nil, 404, KindNotFound},
		{"malformed id", f, "GET", "/v1/jobs/..%2F..%2Fetc", nil, 404, KindNotFound},
		{"upper-case id", f, "GET", "/v1/jobs/" + strings.Repeat("A", 32), nil, 404, KindNotFound},
		{"unknown result", f, "GET", "/v1/jobs/" + id + "/result", nil, 404, KindNotFound},
		{"delete unknown", f, "DELETE", "/v1/jobs/" + id, nil, 404, KindNotFound},
		{"empty body", f, "POST", "/v1/jobs", []byte{}, 400, KindInvalidJSON},
		{"bad format", f, "POST", "/v1/jobs", batchBody(t, twoSchools, `, "formats": ["odt"]`), 400, KindUnsupportedFormat},
		{"bad registry", f, "POST", "/v1/jobs", batchBody(t, `[{"id":"a"}]`, ""), 422, KindInvalidDocument},
		{"unknown query", f, "GET", "/v1/jobs/" + id + "?x=1", nil, 400, KindInvalidParameter},
		{"no token with auth-all", locked, "POST", "/v1/jobs", batchBody(t, twoSchools, ""), 401, KindUnauthorized},
		{"status without token", locked, "GET", "/v1/jobs/" + id, nil, 401, KindUnauthorized},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := c.fx.do(t, c.method, c.path, bytes.NewReader(c.body))
			if r.status != c.status {
				t.Fatalf("status %d, want %d: %.300s", r.status, c.status, r.body)
			}
			if p := r.problem(t); p.Type != problemTypePrefix+string(c.kind) || !hasCyrillic(p.Detail) {
				t.Errorf("%+v", p)
			}
		})
	}
}

// Close cancels a running job and removes the job files; the service
// refuses jobs afterwards.
func TestJobsClose(t *testing.T) {
	dir := t.TempDir()
	f := newFixture(t, func(c *Config) { c.JobsDir = dir; c.MaxInFlight = 1 })
	release := holdSlots(t, f)
	defer release()
	id := jobJSON(t, f.do(t, "POST", "/v1/jobs", bytes.NewReader(batchBody(t, twoSchools, "")))).ID
	waitState(t, f, id, jobs.Running)
	if err := f.srv.Close(); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("files after Close: %v", entries)
	}
	r := f.do(t, "POST", "/v1/jobs", bytes.NewReader(batchBody(t, twoSchools, "")))
	if r.status != http.StatusServiceUnavailable || r.header.Get("Retry-After") == "" {
		t.Errorf("POST after Close: %d %.300s", r.status, r.body)
	}
}
