package jobs

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// State is where a job is in its life.
type State string

// States of a job. Prepared jobs wait for Start; queued ones for a worker.
// Done, Failed and Cancelled are final.
const (
	Prepared  State = "prepared"
	Queued    State = "queued"
	Running   State = "running"
	Done      State = "done"
	Failed    State = "failed"
	Cancelled State = "cancelled"
)

// Final reports whether nothing more will happen to a job in state st.
func (st State) Final() bool { return st == Done || st == Failed || st == Cancelled }

// Progress is how far a running job has come, in the task's own units
// (the service counts schools).
type Progress struct {
	Done, Total, Failed int
}

// Task writes the job's result file to w and reports progress; it returns a
// JSON-able summary (e.g. the failed items) kept with the job. It must stop
// soon once ctx is done. A task that fails or is cancelled leaves no file;
// its summary is kept all the same.
type Task func(ctx context.Context, w io.Writer, progress func(Progress)) (summary any, err error)

// Defaults of Config.
const (
	DefaultWorkers     = 1
	DefaultMaxQueued   = 8
	DefaultMaxJobs     = 100
	DefaultTTL         = 24 * time.Hour
	DefaultPreparedTTL = time.Hour
	DefaultTimeout     = 30 * time.Minute
)

// Config configures a Store. The zero value is usable.
type Config struct {
	// Dir is where result files are kept (created 0700 if missing); by
	// default a new temporary directory, made with the first job, that
	// Close removes. Files of an
	// earlier process named like a job's are removed from it by New: the
	// jobs they belonged to are gone.
	Dir string
	// Workers jobs run at once (default 1).
	Workers int
	// MaxQueued jobs may wait for a worker; beyond it Start and Submit
	// return ErrFull (default 8).
	MaxQueued int
	// MaxJobs jobs are kept in any state, which bounds memory and disk;
	// beyond it Prepare and Submit return ErrFull (default 100).
	MaxJobs int
	// TTL is how long a finished job and its file are kept (default 24 h).
	TTL time.Duration
	// PreparedTTL is how long a prepared job waits for Start (default the
	// smaller of TTL and one hour): it holds its input in memory, and a
	// person reads a report in minutes.
	PreparedTTL time.Duration
	// Timeout bounds one job's run (default 30 min).
	Timeout time.Duration
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// Errors of the Store. Test with errors.Is: ErrState comes wrapped with the
// job's state.
var (
	ErrNotFound = errors.New("задание не найдено: неверный номер или срок хранения истёк")
	ErrNotReady = errors.New("задание ещё не завершено: результата пока нет")
	ErrFull     = errors.New("очередь заданий заполнена; повторите позже")
	ErrState    = errors.New("действие недоступно в этом состоянии задания")
	ErrClosed   = errors.New("хранилище заданий закрыто")
)

// Status is a snapshot of a job. Info and Summary are the values the job
// was given and its task returned, shared, not copied: treat them as
// read-only.
type Status struct {
	ID       string
	State    State
	Progress Progress
	Info     any
	Summary  any
	// Error is why a job failed or was cancelled.
	Error string
	// Size is the result file's length once done.
	Size int64
	// Started and Finished are zero until they happen; Expires is zero
	// while the job is queued or running.
	Created, Started, Finished, Expires time.Time
}

type job struct {
	id       string
	state    State
	progress Progress
	info     any
	summary  any
	err      string
	size     int64
	created  time.Time
	started  time.Time
	finished time.Time
	task     Task               // dropped once run: it may hold a lot of input
	cancel   context.CancelFunc // set while running
}

// Store keeps jobs. It is safe for concurrent use. Its goroutines start
// with the first job, so a Store that never gets one costs nothing, and
// stop with Close.
type Store struct {
	cfg    Config
	ownDir bool

	mu      sync.Mutex
	wake    *sync.Cond // a job was queued, or the store closed
	jobs    map[string]*job
	queue   []*job
	closed  bool
	started bool
	ctx     context.Context // done when the store closes
	stop    context.CancelFunc
	wg      sync.WaitGroup
}

// New opens a store. With cfg.Dir set it creates the directory and removes
// job files an earlier process left there.
func New(cfg Config) (*Store, error) {
	if cfg.Workers <= 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.MaxQueued <= 0 {
		cfg.MaxQueued = DefaultMaxQueued
	}
	if cfg.MaxJobs <= 0 {
		cfg.MaxJobs = DefaultMaxJobs
	}
	if cfg.TTL <= 0 {
		cfg.TTL = DefaultTTL
	}
	if cfg.PreparedTTL <= 0 {
		cfg.PreparedTTL = min(cfg.TTL, DefaultPreparedTTL)
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = DefaultTimeout
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Store{cfg: cfg, jobs: map[string]*job{}}
	// Without a Dir, the temporary one is made with the first job (see
	// startLocked): a store that never gets one leaves nothing on disk.
	if cfg.Dir != "" {
		if err := os.MkdirAll(cfg.Dir, 0o700); err != nil {
			return nil, fmt.Errorf("каталог заданий: %w", err)
		}
		if err := removeLeftovers(cfg.Dir); err != nil {
			return nil, fmt.Errorf("каталог заданий: %w", err)
		}
	}
	s.wake = sync.NewCond(&s.mu)
	s.ctx, s.stop = context.WithCancel(context.Background())
	return s, nil
}

// removeLeftovers deletes the files of jobs of an earlier process: their
// ids died with it, so nobody could fetch them, and they would fill the
// disk. Only names a job could have are touched.
func removeLeftovers(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		id, _, _ := strings.Cut(e.Name(), ".")
		if !e.Type().IsRegular() || !ValidID(id) || (id != e.Name() && !strings.HasSuffix(e.Name(), ".tmp")) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// ValidID reports whether id has the form of a job id: 32 lowercase hex
// digits. Anything else is refused before it reaches a map or a path.
func ValidID(id string) bool {
	if len(id) != 32 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f') {
			return false
		}
	}
	return true
}

func newID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand since Go 1.24)
	return hex.EncodeToString(b[:])
}

// Prepare adds a job in the prepared state: it runs only after Start, and
// is deleted if not started within TTL. info is kept with the job for
// whoever shows it.
func (s *Store) Prepare(info any, task Task) (string, error) {
	if task == nil {
		return "", errors.New("jobs: Prepare без задачи")
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return "", ErrClosed
	}
	now := s.cfg.Now()
	if len(s.jobs) >= s.cfg.MaxJobs {
		s.sweepLocked(now) // expired jobs the janitor has not reached yet
		if len(s.jobs) >= s.cfg.MaxJobs {
			return "", fmt.Errorf("%w (хранится заданий: %d)", ErrFull, len(s.jobs))
		}
	}
	if err := s.startLocked(); err != nil {
		return "", err
	}
	j := &job{id: newID(), state: Prepared, info: info, task: task, created: now}
	for s.jobs[j.id] != nil { // 2⁻¹²⁸, but a clash would hand one job to two people
		j.id = newID()
	}
	s.jobs[j.id] = j
	return j.id, nil
}

// Start queues a prepared job.
func (s *Store) Start(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.lookup(id)
	if err != nil {
		return err
	}
	if j.state != Prepared {
		return fmt.Errorf("%w: задание %s", ErrState, stateName(j.state))
	}
	if len(s.queue) >= s.cfg.MaxQueued {
		return fmt.Errorf("%w (ждут очереди: %d)", ErrFull, len(s.queue))
	}
	j.state = Queued
	s.queue = append(s.queue, j)
	s.wake.Signal()
	return nil
}

// Submit prepares and starts a job. When the queue is full the job is not
// kept.
func (s *Store) Submit(info any, task Task) (string, error) {
	id, err := s.Prepare(info, task)
	if err != nil {
		return "", err
	}
	if err := s.Start(id); err != nil {
		s.mu.Lock()
		delete(s.jobs, id)
		s.mu.Unlock()
		return "", err
	}
	return id, nil
}

// Status returns a snapshot of the job.
func (s *Store) Status(id string) (Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.lookup(id)
	if err != nil {
		return Status{}, err
	}
	return s.status(j), nil
}

// Open opens a done job's result file for reading; before that it returns
// ErrNotReady. The caller closes the file; a deletion meanwhile does not
// cut the reading short.
func (s *Store) Open(id string) (*os.File, Status, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.lookup(id)
	if err != nil {
		return nil, Status{}, err
	}
	st := s.status(j)
	switch {
	case !j.state.Final():
		return nil, st, ErrNotReady
	case j.state != Done:
		return nil, st, fmt.Errorf("%w: задание %s, результата нет", ErrState, stateName(j.state))
	}
	f, err := os.Open(s.path(j.id))
	if err != nil {
		return nil, st, fmt.Errorf("результат задания: %w", err)
	}
	return f, st, nil
}

// Delete forgets a job in any state and removes its file; a running job is
// cancelled and its partial file removed when its task returns.
func (s *Store) Delete(id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	j, err := s.lookup(id)
	if err != nil {
		return err
	}
	return s.deleteLocked(j)
}

// Close cancels queued and running jobs, waits for the workers, and
// removes every job file (and the directory, if the store made it). The
// store refuses new jobs afterwards.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	now := s.cfg.Now()
	for _, j := range s.queue {
		j.state, j.err, j.finished, j.task = Cancelled, "сервис остановлен", now, nil
	}
	s.queue = nil
	s.stop()
	s.wake.Broadcast()
	s.mu.Unlock()
	s.wg.Wait()

	s.mu.Lock()
	defer s.mu.Unlock()
	var errs []error
	for _, j := range s.jobs {
		if err := removeFile(s.path(j.id)); err != nil {
			errs = append(errs, err)
		}
	}
	s.jobs = map[string]*job{}
	if s.ownDir && s.cfg.Dir != "" {
		if err := os.RemoveAll(s.cfg.Dir); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("каталог заданий: %w", err)
	}
	return nil
}

// lookup finds a job; callers hold s.mu. A malformed id is simply not
// found: it never reaches the map or the file system.
func (s *Store) lookup(id string) (*job, error) {
	if !ValidID(id) {
		return nil, ErrNotFound
	}
	if s.closed {
		return nil, ErrClosed
	}
	j, ok := s.jobs[id]
	if !ok {
		return nil, ErrNotFound
	}
	return j, nil
}

func (s *Store) path(id string) string { return filepath.Join(s.cfg.Dir, id) }

func (s *Store) status(j *job) Status {
	st := Status{
		ID: j.id, State: j.state, Progress: j.progress, Info: j.info, Summary: j.summary,
		Error: j.err, Size: j.size, Created: j.created, Started: j.started, Finished: j.finished,
	}
	switch {
	case j.state == Prepared:
		st.Expires = j.created.Add(s.cfg.PreparedTTL)
	case j.state.Final():
		st.Expires = j.finished.Add(s.cfg.TTL)
	}
	return st
}

// deleteLocked forgets j. A running job's worker notices that j is gone
// and removes its temporary file.
func (s *Store) deleteLocked(j *job) error {
	delete(s.jobs, j.id)
	switch j.state {
	case Queued:
		for i, q := range s.queue {
			if q == j {
				s.queue = append(s.queue[:i], s.queue[i+1:]...)
				break
			}
		}
	case Running:
		j.cancel()
		return nil
	}
	j.task = nil
	return removeFile(s.path(j.id))
}

func removeFile(path string) error {
	if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return nil
}

func stateName(st State) string {
	switch st {
	case Prepared:
		return "ждёт запуска"
	case Queued:
		return "в очереди"
	case Running:
		return "выполняется"
	case Done:
		return "завершено"
	case Failed:
		return "завершилось с ошибкой"
	case Cancelled:
		return "отменено"
	}
	return string(st)
}
