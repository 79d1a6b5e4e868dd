package jobs

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"
)

// startLocked makes the default directory and starts the workers and the
// janitor once, with the first job: a store that is made and never used
// (as in many tests of the service) leaves no goroutine and no directory
// behind. Callers hold s.mu.
func (s *Store) startLocked() error {
	if s.started {
		return nil
	}
	if s.cfg.Dir == "" {
		dir, err := os.MkdirTemp("", "kartograf-jobs-")
		if err != nil {
			return fmt.Errorf("каталог заданий: %w", err)
		}
		s.cfg.Dir, s.ownDir = dir, true
	}
	s.started = true
	s.wg.Add(s.cfg.Workers + 1)
	for range s.cfg.Workers {
		go s.worker()
	}
	go s.janitor()
	return nil
}

// worker runs queued jobs one at a time until the store closes.
func (s *Store) worker() {
	defer s.wg.Done()
	for {
		s.mu.Lock()
		for len(s.queue) == 0 && !s.closed {
			s.wake.Wait()
		}
		if s.closed {
			s.mu.Unlock()
			return
		}
		j := s.queue[0]
		s.queue[0] = nil
		s.queue = s.queue[1:]
		ctx, cancel := context.WithTimeout(s.ctx, s.cfg.Timeout)
		j.state, j.started, j.cancel = Running, s.cfg.Now(), cancel
		task := j.task
		j.task = nil
		s.mu.Unlock()

		s.run(ctx, j, task)
		cancel()
	}
}

// run runs one job's task into a temporary file and records the outcome.
// The file gets the job's name only when the task succeeded and the job is
// still wanted; otherwise it is removed.
func (s *Store) run(ctx context.Context, j *job, task Task) {
	var summary any
	f, err := os.CreateTemp(s.cfg.Dir, j.id+".*.tmp") // 0600
	if err == nil {
		progress := func(p Progress) {
			s.mu.Lock()
			if j.state == Running {
				j.progress = p
			}
			s.mu.Unlock()
		}
		summary, err = safeRun(ctx, task, f, progress)
		if cerr := f.Close(); err == nil && cerr != nil {
			err = fmt.Errorf("файл результата: %w", cerr)
		}
		if err == nil && ctx.Err() != nil {
			// A task that ignored its context must not pass for done.
			err = ctx.Err()
		}
	} else {
		err = fmt.Errorf("файл результата: %w", err)
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	j.summary, j.finished, j.cancel = summary, s.cfg.Now(), nil
	wanted := s.jobs[j.id] == j && !s.closed
	if err == nil && wanted {
		size := int64(0)
		if fi, serr := os.Stat(f.Name()); serr == nil {
			size = fi.Size()
		}
		if rerr := os.Rename(f.Name(), s.path(j.id)); rerr != nil {
			err = fmt.Errorf("файл результата: %w", rerr)
		} else {
			j.state, j.size = Done, size
			return
		}
	}
	if f != nil {
		os.Remove(f.Name())
	}
	switch {
	case !wanted || errors.Is(err, context.Canceled):
		j.state, j.err = Cancelled, "задание отменено"
	case errors.Is(err, context.DeadlineExceeded):
		j.state, j.err = Failed, "задание не завершилось за "+s.cfg.Timeout.String()
	default:
		j.state, j.err = Failed, err.Error()
	}
}

// safeRun turns a panicking task into a failed job, not a dead worker.
func safeRun(ctx context.Context, task Task, f *os.File, progress func(Progress)) (summary any, err error) {
	defer func() {
		if v := recover(); v != nil {
			summary, err = nil, fmt.Errorf("внутренняя ошибка задания: %v", v)
		}
	}()
	return task(ctx, f, progress)
}

// janitor deletes expired jobs until the store closes.
func (s *Store) janitor() {
	defer s.wg.Done()
	every := max(min(s.cfg.TTL/4, s.cfg.PreparedTTL/4, time.Minute), 10*time.Millisecond)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.ctx.Done():
			return
		case <-t.C:
			s.sweep(s.cfg.Now())
		}
	}
}

// sweep deletes the jobs that expired by now with their files: finished
// ones TTL after they finished, prepared ones TTL after they were made.
func (s *Store) sweep(now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sweepLocked(now)
}

func (s *Store) sweepLocked(now time.Time) {
	for _, j := range s.jobs {
		if exp := s.status(j).Expires; !exp.IsZero() && !now.Before(exp) {
			// A file that cannot be removed now stays until Close, or
			// until the next New clears leftovers.
			_ = s.deleteLocked(j)
		}
	}
}
