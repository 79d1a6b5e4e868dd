package jobs

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a fake clock that moves only when told to.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock() *clock { return &clock{now: time.Date(2026, 8, 30, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func newStore(t *testing.T, cfg Config) *Store {
	t.Helper()
	if cfg.Dir == "" {
		cfg.Dir = t.TempDir()
	}
	s, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s
}

// write is a task that writes text and succeeds.
func write(text string) Task {
	return func(ctx context.Context, w io.Writer, progress func(Progress)) (any, error) {
		progress(Progress{Done: 1, Total: 1})
		_, err := io.WriteString(w, text)
		return "summary of " + text, err
	}
}

// gate is a task that reports it started, then waits until released or
// cancelled.
type gate struct {
	started chan struct{}
	release chan struct{}
	stopped chan error // the context's error when the task was cancelled
}

func newGate() *gate {
	return &gate{started: make(chan struct{}), release: make(chan struct{}), stopped: make(chan error, 1)}
}

func (g *gate) task(ctx context.Context, w io.Writer, progress func(Progress)) (any, error) {
	io.WriteString(w, "partial")
	progress(Progress{Done: 1, Total: 3})
	close(g.started)
	select {
	case <-g.release:
		progress(Progress{Done: 3, Total: 3, Failed: 1})
		return nil, nil
	case <-ctx.Done():
		g.stopped <- ctx.Err()
		return nil, ctx.Err()
	}
}

// waitFinal polls until the job is in a final state. It bounds the wait so
// that a hang fails rather than stalls; nothing here measures time.
func waitFinal(t *testing.T, s *Store, id string) Status {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		st, err := s.Status(id)
		if err != nil {
			t.Fatalf("Status(%s): %v", id, err)
		}
		if st.State.Final() {
			return st
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s still %s", id, st.State)
		}
		time.Sleep(time.Millisecond)
	}
}

func count(s *Store) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.jobs)
}

// files lists the directory's file names.
func files(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

func TestStateMachine(t *testing.T) {
	clk := newClock()
	dir := t.TempDir()
	s := newStore(t, Config{Dir: dir, Now: clk.Now, TTL: time.Hour})

	id, err := s.Prepare("report", write("zip bytes"))
	if err != nil {
		t.Fatal(err)
	}
	if !ValidID(id) {
		t.Fatalf("id %q is not 32 hex digits", id)
	}
	st, err := s.Status(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.State != Prepared || st.Info != "report" || !st.Created.Equal(clk.Now()) || !st.Expires.Equal(clk.Now().Add(time.Hour)) {
		t.Fatalf("prepared job: %+v", st)
	}
	if _, _, err := s.Open(id); !errors.Is(err, ErrNotReady) {
		t.Fatalf("Open of a prepared job: %v, want ErrNotReady", err)
	}
	clk.add(time.Minute)
	if err := s.Start(id); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(id); !errors.Is(err, ErrState) {
		t.Fatalf("second Start: %v, want ErrState", err)
	}
	st = waitFinal(t, s, id)
	if st.State != Done || st.Summary != "summary of zip bytes" || st.Size != int64(len("zip bytes")) || st.Progress != (Progress{Done: 1, Total: 1}) {
		t.Fatalf("done job: %+v", st)
	}
	if st.Started.IsZero() || !st.Expires.Equal(st.Finished.Add(time.Hour)) {
		t.Fatalf("times of a done job: %+v", st)
	}
	f, st2, err := s.Open(id)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(f)
	f.Close()
	if string(data) != "zip bytes" || st2.ID != id {
		t.Fatalf("result %q, status %+v", data, st2)
	}
	fi, err := os.Stat(filepath.Join(dir, id))
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Errorf("result file mode %v, want 0600", fi.Mode().Perm())
	}
	if got := files(t, dir); !slices.Equal(got, []string{id}) {
		t.Errorf("files %v, want only the result", got)
	}
	if err := s.Start(id); !errors.Is(err, ErrState) {
		t.Fatalf("Start of a done job: %v, want ErrState", err)
	}
	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Status(id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Status after Delete: %v", err)
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("files after Delete: %v", got)
	}
}

// A task that fails, panics or ignores its cancelled context leaves a
// failed job and no file.
func TestFailedTasksLeaveNoFile(t *testing.T) {
	dir := t.TempDir()
	s := newStore(t, Config{Dir: dir})
	failing := func(ctx context.Context, w io.Writer, _ func(Progress)) (any, error) {
		io.WriteString(w, "half")
		return []string{"school 7"}, errors.New("диск полон")
	}
	panicking := func(ctx context.Context, w io.Writer, _ func(Progress)) (any, error) {
		io.WriteString(w, "half")
		panic("задача упала")
	}
	for name, task := range map[string]Task{"error": failing, "panic": panicking} {
		id, err := s.Submit(nil, task)
		if err != nil {
			t.Fatal(err)
		}
		st := waitFinal(t, s, id)
		if st.State != Failed || st.Error == "" {
			t.Errorf("%s: %+v, want failed with a reason", name, st)
		}
		if name == "error" && (st.Error != "диск полон" || !slices.Equal(st.Summary.([]string), []string{"school 7"})) {
			t.Errorf("failed job keeps error %q and summary %v", st.Error, st.Summary)
		}
		if _, _, err := s.Open(id); !errors.Is(err, ErrState) {
			t.Errorf("%s: Open: %v, want ErrState", name, err)
		}
	}
	if got := files(t, dir); len(got) != 0 {
		t.Errorf("failed jobs left files %v", got)
	}
}

func TestQueueBound(t *testing.T) {
	s := newStore(t, Config{Workers: 1, MaxQueued: 2})
	g := newGate()
	running, err := s.Submit(nil, g.task)
	if err != nil {
		t.Fatal(err)
	}
	<-g.started // the worker holds it: the queue is empty again
	var queued []string
	for range 2 {
		id, err := s.Submit(nil, write("x"))
		if err != nil {
			t.Fatal(err)
		}
		queued = append(queued, id)
	}
	if _, err := s.Submit(nil, write("x")); !errors.Is(err, ErrFull) {
		t.Fatalf("third queued job: %v, want ErrFull", err)
	}
	// A prepared job may wait, but not start while the queue is full; a
	// refused Submit keeps nothing.
	p, err := s.Prepare(nil, write("x"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Start(p); !errors.Is(err, ErrFull) {
		t.Fatalf("Start with a full queue: %v, want ErrFull", err)
	}
	if st, _ := s.Status(p); st.State != Prepared {
		t.Fatalf("refused Start changed the job: %s", st.State)
	}
	if n := count(s); n != 4 {
		t.Errorf("%d jobs kept, want 4 (the refused Submit is not)", n)
	}
	// Deleting a queued job frees its place.
	if err := s.Delete(queued[0]); err != nil {
		t.Fatal(err)
	}
	if err := s.Start(p); err != nil {
		t.Fatalf("Start after a place freed: %v", err)
	}
	close(g.release)
	for _, id := range []string{running, queued[1], p} {
		if st := waitFinal(t, s, id); st.State != Done {
			t.Errorf("job %s: %s %s", id, st.State, st.Error)
		}
	}
}

func TestMaxJobs(t *testing.T) {
	clk := newClock()
	s := newStore(t, Config{MaxJobs: 3, TTL: time.Hour, Now: clk.Now})
	for range 3 {
		if _, err := s.Prepare(nil, write("x")); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.Prepare(nil, write("x")); !errors.Is(err, ErrFull) {
		t.Fatalf("fourth job: %v, want ErrFull", err)
	}
	if _, err := s.Submit(nil, write("x")); !errors.Is(err, ErrFull) {
		t.Fatalf("fourth job by Submit: %v, want ErrFull", err)
	}
	// Expired jobs do not count, even before the janitor comes by.
	clk.add(time.Hour)
	if _, err := s.Prepare(nil, write("x")); err != nil {
		t.Fatalf("after the others expired: %v", err)
	}
	if n := count(s); n != 1 {
		t.Errorf("%d jobs kept, want 1", n)
	}
}

func TestTTL(t *testing.T) {
	clk := newClock()
	dir := t.TempDir()
	s := newStore(t, Config{Dir: dir, TTL: time.Hour, Now: clk.Now})
	done, err := s.Submit(nil, write("zip"))
	if err != nil {
		t.Fatal(err)
	}
	waitFinal(t, s, done)
	clk.add(30 * time.Minute)
	prepared, err := s.Prepare(nil, write("x"))
	if err != nil {
		t.Fatal(err)
	}
	s.sweep(clk.Now().Add(29*time.Minute + 59*time.Second))
	if _, err := s.Status(done); err != nil {
		t.Fatalf("swept a second before its time: %v", err)
	}
	if got := files(t, dir); !slices.Equal(got, []string{done}) {
		t.Fatalf("files %v", got)
	}
	clk.add(30 * time.Minute)
	s.sweep(clk.Now())
	if _, err := s.Status(done); !errors.Is(err, ErrNotFound) {
		t.Fatalf("done job an hour after it finished: %v, want ErrNotFound", err)
	}
	if got := files(t, dir); len(got) != 0 {
		t.Fatalf("expired job's file stays: %v", got)
	}
	if _, err := s.Status(prepared); err != nil {
		t.Fatalf("prepared job half an hour old: %v", err)
	}
	clk.add(30 * time.Minute)
	s.sweep(clk.Now())
	if _, err := s.Status(prepared); !errors.Is(err, ErrNotFound) {
		t.Fatalf("prepared job never started within TTL: %v, want ErrNotFound", err)
	}
	if err := s.Start(prepared); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Start of an expired job: %v", err)
	}
}

// A running job is never swept, however long it runs.
func TestSweepSparesRunning(t *testing.T) {
	clk := newClock()
	s := newStore(t, Config{TTL: time.Minute, Now: clk.Now})
	g := newGate()
	id, err := s.Submit(nil, g.task)
	if err != nil {
		t.Fatal(err)
	}
	<-g.started
	s.sweep(clk.Now().Add(24 * time.Hour))
	if st, err := s.Status(id); err != nil || st.State != Running || !st.Expires.IsZero() {
		t.Fatalf("running job after a sweep: %+v, %v", st, err)
	}
	close(g.release)
	waitFinal(t, s, id)
}

func TestProgressWhileRunning(t *testing.T) {
	s := newStore(t, Config{})
	g := newGate()
	id, err := s.Submit("info", g.task)
	if err != nil {
		t.Fatal(err)
	}
	<-g.started
	st, err := s.Status(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.State != Running || st.Progress != (Progress{Done: 1, Total: 3}) || st.Started.IsZero() {
		t.Fatalf("while running: %+v", st)
	}
	if _, _, err := s.Open(id); !errors.Is(err, ErrNotReady) {
		t.Fatalf("Open while running: %v, want ErrNotReady", err)
	}
	close(g.release)
	if st := waitFinal(t, s, id); st.Progress != (Progress{Done: 3, Total: 3, Failed: 1}) {
		t.Fatalf("final progress %+v", st.Progress)
	}
}

func TestDeleteCancelsRunning(t *testing.T) {
	dir := t.TempDir()
	s := newStore(t, Config{Dir: dir})
	g := newGate()
	id, err := s.Submit(nil, g.task)
	if err != nil {
		t.Fatal(err)
	}
	<-g.started
	if err := s.Delete(id); err != nil {
		t.Fatal(err)
	}
	if err := <-g.stopped; !errors.Is(err, context.Canceled) {
		t.Fatalf("task saw %v, want context.Canceled", err)
	}
	if _, err := s.Status(id); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Status of a deleted job: %v", err)
	}
	// The worker is free again, and the partial file is gone once it is.
	next, err := s.Submit(nil, write("next"))
	if err != nil {
		t.Fatal(err)
	}
	waitFinal(t, s, next)
	if got := files(t, dir); !slices.Equal(got, []string{next}) {
		t.Fatalf("files %v, want only %s", got, next)
	}
}

func TestClose(t *testing.T) {
	s, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	g := newGate()
	running, err := s.Submit(nil, g.task)
	if err != nil {
		t.Fatal(err)
	}
	dir := s.cfg.Dir
	<-g.started
	if _, err := s.Submit(nil, write("queued")); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	// Close returned only after the running task saw its cancellation.
	select {
	case err := <-g.stopped:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("task saw %v", err)
		}
	default:
		t.Error("Close returned before the running task stopped")
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the store's own directory stays: %v", err)
	}
	if _, err := s.Status(running); !errors.Is(err, ErrClosed) {
		t.Errorf("Status after Close: %v", err)
	}
	if _, err := s.Submit(nil, write("x")); !errors.Is(err, ErrClosed) {
		t.Errorf("Submit after Close: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// A configured directory survives Close, without job files; New clears
// the files a crashed process left and nothing else.
func TestDirLeftovers(t *testing.T) {
	dir := t.TempDir()
	id := strings.Repeat("ab", 16)
	keep := []string{"notes.txt", id + ".zip", strings.Repeat("AB", 16)}
	for _, name := range append([]string{id, id + ".123.tmp"}, keep...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	s, err := New(Config{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	got := files(t, dir)
	slices.Sort(keep)
	if !slices.Equal(got, keep) {
		t.Fatalf("after New: %v, want %v", got, keep)
	}
	done, err := s.Submit(nil, write("x"))
	if err != nil {
		t.Fatal(err)
	}
	waitFinal(t, s, done)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); !slices.Equal(got, keep) {
		t.Fatalf("after Close: %v, want %v", got, keep)
	}
}

func TestBadIDs(t *testing.T) {
	dir := t.TempDir()
	s := newStore(t, Config{Dir: dir})
	id, err := s.Submit(nil, write("x"))
	if err != nil {
		t.Fatal(err)
	}
	waitFinal(t, s, id)
	for _, bad := range []string{"", "../" + id, id + "/", strings.ToUpper(id), id[:31], id + "0", id[:31] + "g", "../../etc/passwd", id[:30] + "\x00a", id[:16] + "/.." + id[19:]} {
		if _, err := s.Status(bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("Status(%q): %v", bad, err)
		}
		if _, _, err := s.Open(bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("Open(%q): %v", bad, err)
		}
		if err := s.Start(bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("Start(%q): %v", bad, err)
		}
		if err := s.Delete(bad); !errors.Is(err, ErrNotFound) {
			t.Errorf("Delete(%q): %v", bad, err)
		}
	}
	if _, err := s.Status(id); err != nil {
		t.Errorf("the real job: %v", err)
	}
}

// Ids are unguessable: distinct over many jobs and spread over all digits.
func TestIDsAreRandom(t *testing.T) {
	seen := map[string]bool{}
	var digits [16]int
	for range 1000 {
		id := newID()
		if !ValidID(id) || seen[id] {
			t.Fatalf("id %q invalid or repeated", id)
		}
		seen[id] = true
		for _, c := range id {
			digits[strings.IndexRune("0123456789abcdef", c)]++
		}
	}
	for d, n := range digits {
		if n < 1500 || n > 2500 { // 2000 expected; 11 standard deviations
			t.Errorf("digit %x appears %d times in 32 000", d, n)
		}
	}
}

// No goroutine starts until the first job: services build stores in tests
// that never close them.
func TestLazyGoroutines(t *testing.T) {
	s, err := New(Config{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	started := s.started
	s.mu.Unlock()
	if started {
		t.Fatal("New started the workers")
	}
	own, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if own.cfg.Dir != "" {
		t.Fatalf("New made %s before any job", own.cfg.Dir)
	}
	own.Close()
	if _, err := s.Prepare(nil, write("x")); err != nil {
		t.Fatal(err)
	}
	s.mu.Lock()
	started = s.started
	s.mu.Unlock()
	if !started {
		t.Fatal("the first job started no worker")
	}
	s.Close()
}

// Many goroutines prepare, start, poll, open and delete at once; run with
// -race.
func TestConcurrentUse(t *testing.T) {
	s := newStore(t, Config{Workers: 3, MaxQueued: 1000, MaxJobs: 1000})
	var wg sync.WaitGroup
	errs := make(chan error, 64)
	for i := range 32 {
		wg.Go(func() {
			text := fmt.Sprint("job ", i)
			id, err := s.Prepare(i, write(text))
			if err != nil {
				errs <- err
				return
			}
			if err := s.Start(id); err != nil {
				errs <- err
				return
			}
			for {
				st, err := s.Status(id)
				if err != nil {
					errs <- err
					return
				}
				if st.State.Final() {
					break
				}
				runtime.Gosched()
			}
			f, _, err := s.Open(id)
			if err != nil {
				errs <- err
				return
			}
			data, _ := io.ReadAll(f)
			f.Close()
			if string(data) != text {
				errs <- fmt.Errorf("job %d read %q", i, data)
			}
			if i%2 == 0 {
				if err := s.Delete(id); err != nil {
					errs <- err
				}
			}
			s.sweep(time.Now())
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := count(s); n != 16 {
		t.Errorf("%d jobs kept, want 16", n)
	}
}

// A prepared job holds its input in memory: it waits an hour by default,
// not the day a result is kept.
func TestPreparedTTL(t *testing.T) {
	clk := newClock()
	s := newStore(t, Config{Now: clk.Now})
	prepared, err := s.Prepare(nil, write("x"))
	if err != nil {
		t.Fatal(err)
	}
	done, err := s.Submit(nil, write("zip"))
	if err != nil {
		t.Fatal(err)
	}
	waitFinal(t, s, done)
	st, _ := s.Status(prepared)
	if got := st.Expires.Sub(st.Created); got != DefaultPreparedTTL {
		t.Errorf("a prepared job expires after %v, want %v", got, DefaultPreparedTTL)
	}
	clk.add(DefaultPreparedTTL)
	s.sweep(clk.Now())
	if _, err := s.Status(prepared); !errors.Is(err, ErrNotFound) {
		t.Errorf("prepared job after an hour: %v, want ErrNotFound", err)
	}
	if _, err := s.Status(done); err != nil {
		t.Errorf("a finished job is kept for TTL, not PreparedTTL: %v", err)
	}
}
