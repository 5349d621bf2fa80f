package sandbox

import (
	"context"
	"errors"
	"sync"
)

// ErrClosed is returned by Run on a closed Session or Pool.
var ErrClosed = errors.New("sandbox: closed")

// Session is one attempt's Python: cells run in order against one namespace.
// After a timeout or the death of its process a Session carries on with a
// fresh worker, and the Result that ended the old one says so. It is safe
// for concurrent use, though cells run one at a time.
type Session struct {
	pool   *Pool
	mu     sync.Mutex
	w      *worker
	cells  int
	closed bool
}

// Run runs one cell. It returns an error only when aimo itself failed (no
// worker could be started, ctx was cancelled, the session is closed); what
// the code did, failures included, is in the Result.
func (s *Session) Run(ctx context.Context, code string) (Result, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return Result{}, ErrClosed
	}
	if s.w != nil && !s.w.alive() {
		s.w.kill()
		s.w = nil
	}
	if s.w == nil {
		w, err := s.pool.get(ctx)
		if err != nil {
			return Result{}, err
		}
		s.w = w
	}
	s.cells++
	res, err := s.w.run(ctx, s.cells, code, s.pool.cfg.Timeout, s.pool.cfg.MaxOutput)
	if err != nil || res.Reset {
		s.w.kill()
		s.w = nil
	}
	if err == nil && res.Reset && s.pool.ctx.Err() != nil {
		return Result{}, ErrClosed // the pool killed the worker, not the code
	}
	return res, err
}

// Close kills the session's processes and removes its folder.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.w != nil {
		s.w.kill()
		s.w = nil
	}
	return nil
}
