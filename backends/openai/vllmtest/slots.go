package vllmtest

import (
	"context"
	"sync"
	"time"

	"golang.org/x/sync/semaphore"
)

// slots models vLLM's bounded batch: a request waits in a queue until all of its
// sequences fit, holds them for the latency, and adds the held slot-time to the
// busy total that Utilisation reports.
type slots struct {
	capacity int64
	sem      *semaphore.Weighted

	mu          sync.Mutex
	busy        time.Duration
	first, last time.Time
}

func newSlots(capacity int) *slots {
	s := &slots{capacity: int64(capacity)}
	if capacity > 0 {
		s.sem = semaphore.NewWeighted(int64(capacity))
	}
	return s
}

// hold takes n slots, sleeps for latency and releases them. It returns early
// with ctx's error when the client goes away while queued or generating.
func (s *slots) hold(ctx context.Context, n int, latency time.Duration) error {
	w := int64(n)
	if s.sem != nil {
		w = min(w, s.capacity)
		if err := s.sem.Acquire(ctx, w); err != nil {
			return err
		}
		defer s.sem.Release(w)
	}
	start := time.Now()
	var err error
	if latency > 0 {
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			err = ctx.Err()
		}
	}
	s.record(start, time.Now(), w)
	return err
}

func (s *slots) record(start, end time.Time, w int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.busy += time.Duration(w) * end.Sub(start)
	if s.first.IsZero() || start.Before(s.first) {
		s.first = start
	}
	if end.After(s.last) {
		s.last = end
	}
}

func (s *slots) utilisation() float64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	window := s.last.Sub(s.first)
	if s.capacity == 0 || window <= 0 {
		return 0
	}
	return float64(s.busy) / (float64(s.capacity) * float64(window))
}

func (s *slots) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.busy, s.first, s.last = 0, time.Time{}, time.Time{}
}
