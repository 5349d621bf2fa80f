package vllmtest

import (
	"context"
	"sync"
	"time"
)

// slots models vLLM's bounded batch: a request waits in a FIFO queue until all
// of its sequences fit, holds them for its latency, and adds the held slot-time
// to the busy total that Utilisation reports. Like a GPU scheduler, a release
// hands freed slots to the next waiter at once, stamped with the release time,
// so the fake server's own goroutine wake-up delay is not counted as idle time
// the client caused.
type slots struct {
	capacity int

	mu          sync.Mutex
	free        int
	queue       []*waiter
	busy        time.Duration
	first, last time.Time
}

type waiter struct {
	n     int
	start chan time.Time // receives the handover time
}

func newSlots(capacity int) *slots {
	return &slots{capacity: capacity, free: capacity}
}

// hold takes n slots, keeps them for latency from the moment they were granted
// and releases them. It returns ctx's error if the client goes away.
func (s *slots) hold(ctx context.Context, n int, latency time.Duration) error {
	if s.capacity > 0 {
		n = min(n, s.capacity)
	}
	start, err := s.acquire(ctx, n)
	if err != nil {
		return err
	}
	if wait := time.Until(start.Add(latency)); wait > 0 {
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			err = ctx.Err()
		}
	}
	s.release(n, start)
	return err
}

func (s *slots) acquire(ctx context.Context, n int) (time.Time, error) {
	s.mu.Lock()
	if s.capacity == 0 || (len(s.queue) == 0 && s.free >= n) {
		s.free -= n
		s.mu.Unlock()
		return time.Now(), nil
	}
	w := &waiter{n: n, start: make(chan time.Time, 1)}
	s.queue = append(s.queue, w)
	s.mu.Unlock()
	select {
	case t := <-w.start:
		return t, nil
	case <-ctx.Done():
		s.abandon(w)
		return time.Time{}, ctx.Err()
	}
}

// abandon removes a waiter whose client left, giving back slots it may have
// been granted in the meantime.
func (s *slots) abandon(w *waiter) {
	s.mu.Lock()
	for i, q := range s.queue {
		if q == w {
			s.queue = append(s.queue[:i], s.queue[i+1:]...)
			s.mu.Unlock()
			return
		}
	}
	s.mu.Unlock()
	start := <-w.start
	s.release(w.n, start)
}

func (s *slots) release(n int, start time.Time) {
	end := time.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.busy += time.Duration(n) * end.Sub(start)
	if s.first.IsZero() || start.Before(s.first) {
		s.first = start
	}
	if end.After(s.last) {
		s.last = end
	}
	if s.capacity == 0 {
		return
	}
	s.free += n
	for len(s.queue) > 0 && s.queue[0].n <= s.free {
		w := s.queue[0]
		s.queue = s.queue[1:]
		s.free -= w.n
		w.start <- end
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
