package main

import (
	"strings"
	"sync"
	"testing"
	"time"
)

// signalWriter records what is written and signals the first write.
type signalWriter struct {
	mu    sync.Mutex
	b     strings.Builder
	wrote chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	select {
	case w.wrote <- struct{}{}:
	default:
	}
	return w.b.Write(p)
}

func (w *signalWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.b.String()
}

// TestReadProgress: a long read of the cache says, every interval, how many
// samples are read of how many and how long is left, then that grading and
// voting follow; a read shorter than one interval prints nothing, so quick
// evaluations and their scripts see no progress lines.
func TestReadProgress(t *testing.T) {
	out := &signalWriter{wrote: make(chan struct{}, 1)}
	p := startReadProgressEvery(out, false, 4_000_000, 20*time.Millisecond)
	p.Add(1_000_000)
	select {
	case <-out.wrote:
	case <-time.After(10 * time.Second):
		t.Fatal("no progress line in 10 s at an interval of 20 ms")
	}
	p.Stop()
	got := out.String()
	for _, want := range []string{"reading the cache: 1.0M of 4.0M samples (25%), ", "/s, ", " left\n", "read 1.0M samples in "} {
		if !strings.Contains(got, want) {
			t.Errorf("progress %q lacks %q", got, want)
		}
	}
	if !strings.HasSuffix(got, "; grading and voting\n") {
		t.Errorf("progress %q does not end saying what follows", got)
	}
	var quiet strings.Builder
	p = startReadProgressEvery(&quiet, false, 1000, time.Hour)
	p.Add(1000)
	p.Stop()
	if quiet.Len() != 0 {
		t.Errorf("a quick read printed %q", quiet.String())
	}
}
