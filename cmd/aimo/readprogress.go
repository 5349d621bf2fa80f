package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/term"
)

// readProgress tells how far a long read of the cache has come: on a
// terminal a line redrawn four times a second, elsewhere (CI logs) a plain
// line every 5 seconds. A read that ends within its first interval prints
// nothing, so quick evaluations and scripts see no progress lines.
type readProgress struct {
	w        io.Writer
	terminal bool
	total    int64
	read     atomic.Int64
	start    time.Time
	every    time.Duration
	stop     chan struct{}
	done     sync.WaitGroup
	printed  bool
}

// startReadProgress reports reading total samples to w; Add counts samples
// read and Stop ends the report.
func startReadProgress(w io.Writer, total int) *readProgress {
	f, isFile := w.(*os.File)
	terminal := isFile && term.IsTerminal(int(f.Fd()))
	every := 5 * time.Second
	if terminal {
		every = 250 * time.Millisecond
	}
	return startReadProgressEvery(w, terminal, total, every)
}

// startReadProgressEvery is startReadProgress with the interval given.
func startReadProgressEvery(w io.Writer, terminal bool, total int, every time.Duration) *readProgress {
	p := &readProgress{w: w, terminal: terminal, total: int64(total), start: time.Now(), every: every, stop: make(chan struct{})}
	p.done.Add(1)
	go p.loop()
	return p
}

// Add counts n more samples read.
func (p *readProgress) Add(n int) { p.read.Add(int64(n)) }

func (p *readProgress) loop() {
	defer p.done.Done()
	t := time.NewTicker(p.every)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			return
		case <-t.C:
			p.line()
		}
	}
}

// line prints where the read is: samples read of the total, the share, the
// rate and what remains at that rate.
func (p *readProgress) line() {
	read, elapsed := p.read.Load(), time.Since(p.start)
	msg := fmt.Sprintf("reading the cache: %s of %s samples", short(float64(read)), short(float64(p.total)))
	if p.total > 0 {
		msg += fmt.Sprintf(" (%.0f%%)", 100*float64(read)/float64(p.total))
	}
	if rate := float64(read) / elapsed.Seconds(); read > 0 && rate > 0 {
		left := time.Duration(float64(p.total-read) / rate * float64(time.Second))
		msg += fmt.Sprintf(", %s/s, %s left", short(rate), left.Round(time.Second))
	}
	if p.terminal {
		fmt.Fprintf(p.w, "\r\033[K%s", msg)
	} else {
		fmt.Fprintln(p.w, msg)
	}
	p.printed = true
}

// short writes a count as 950, 12.3k or 4.1M.
func short(n float64) string {
	switch {
	case n >= 1e6:
		return fmt.Sprintf("%.1fM", n/1e6)
	case n >= 1e4:
		return fmt.Sprintf("%.1fk", n/1e3)
	}
	return fmt.Sprintf("%.0f", n)
}

// Stop ends the report; a report that printed says the read is done and
// that grading and voting follow.
func (p *readProgress) Stop() {
	close(p.stop)
	p.done.Wait()
	if !p.printed {
		return
	}
	if p.terminal {
		fmt.Fprint(p.w, "\r\033[K")
	}
	fmt.Fprintf(p.w, "read %s samples in %s; grading and voting\n", short(float64(p.read.Load())), time.Since(p.start).Round(100*time.Millisecond))
}
