package runner

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// Progress reports a run per model: done, cached, failed, rate and ETA. On a
// terminal it redraws a small block several times a second; elsewhere (CI
// logs, files) it prints one plain line every Interval, so logs stay readable.
// A nil *Progress reports nothing.
type Progress struct {
	w        io.Writer
	terminal bool
	Interval time.Duration

	mu     sync.Mutex
	order  []string
	counts map[string]*modelCounts
	drawn  int
	stop   chan struct{}
	done   chan struct{}
	now    func() time.Time
}

type modelCounts struct {
	total, cached, done, failed int
	start                       time.Time
}

// NewProgress reports to w; terminal says whether w is a terminal.
func NewProgress(w io.Writer, terminal bool) *Progress {
	iv := 5 * time.Second
	if terminal {
		iv = 250 * time.Millisecond
	}
	return &Progress{w: w, terminal: terminal, Interval: iv, counts: map[string]*modelCounts{}, now: time.Now}
}

// Model declares a model's total samples and how many were cached.
func (p *Progress) Model(name string, total, cached int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if _, ok := p.counts[name]; !ok {
		p.order = append(p.order, name)
	}
	p.counts[name] = &modelCounts{total: total, cached: cached, start: p.now()}
}

// Add counts finished samples.
func (p *Progress) Add(model string, done, cached, failed int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if c := p.counts[model]; c != nil {
		c.done += done
		c.cached += cached
		c.failed += failed
	}
}

// Start begins periodic reporting; Stop ends it with a final report.
func (p *Progress) Start() {
	if p == nil {
		return
	}
	p.stop, p.done = make(chan struct{}), make(chan struct{})
	go func() {
		defer close(p.done)
		t := time.NewTicker(p.Interval)
		defer t.Stop()
		for {
			select {
			case <-t.C:
				p.report()
			case <-p.stop:
				p.report()
				return
			}
		}
	}()
}

// Stop prints the final state and stops reporting.
func (p *Progress) Stop() {
	if p == nil || p.stop == nil {
		return
	}
	close(p.stop)
	<-p.done
}

func (p *Progress) report() {
	p.mu.Lock()
	defer p.mu.Unlock()
	lines := make([]string, 0, len(p.order))
	for _, name := range p.order {
		lines = append(lines, p.line(name, p.counts[name]))
	}
	if !p.terminal {
		fmt.Fprintln(p.w, strings.Join(lines, " | "))
		return
	}
	if p.drawn > 0 {
		fmt.Fprintf(p.w, "\x1b[%dA", p.drawn)
	}
	for _, l := range lines {
		fmt.Fprintf(p.w, "\x1b[2K%s\n", l)
	}
	p.drawn = len(lines)
}

func (p *Progress) line(name string, c *modelCounts) string {
	finished := c.cached + c.done + c.failed
	counts := fmt.Sprintf("%s %s/%s (cached %s, new %s, failed %s)",
		name, commas(finished), commas(c.total), commas(c.cached), commas(c.done), commas(c.failed))
	left := c.total - finished
	sent := c.done + c.failed
	elapsed := p.now().Sub(c.start).Seconds()
	// A rate is shown only once a request was answered: a fully cached
	// model sends nothing, and "0.0/s" would read as a stalled server.
	switch {
	case sent == 0 && left == 0:
		return counts + " done"
	case sent == 0 || elapsed <= 0:
		return counts + " waiting for the first answer"
	}
	rate := float64(sent) / elapsed
	eta := "done"
	if left > 0 {
		eta = (time.Duration(float64(left)/rate) * time.Second).Round(time.Second).String()
	}
	return fmt.Sprintf("%s %.1f/s eta %s", counts, rate, eta)
}
