package runner

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestProgressPlainLine(t *testing.T) {
	var buf bytes.Buffer
	p := NewProgress(&buf, false)
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	p.now = func() time.Time { return now }
	p.Model("qwen", 1000, 200)
	now = now.Add(10 * time.Second)
	p.Add("qwen", 390, 0, 10)
	p.report()
	want := "qwen 600/1,000 (cached 200, new 390, failed 10) 40.0/s eta 10s\n"
	if buf.String() != want {
		t.Errorf("plain progress line\n got %q\nwant %q", buf.String(), want)
	}
}

func TestProgressTerminalRedraws(t *testing.T) {
	var buf bytes.Buffer
	p := NewProgress(&buf, true)
	p.Model("a", 10, 0)
	p.Model("b", 10, 10)
	p.report()
	p.report()
	out := buf.String()
	if strings.Count(out, "\x1b[2A") != 1 || strings.Count(out, "\x1b[2K") != 4 {
		t.Errorf("terminal output should redraw its two lines in place: %q", out)
	}
	if !strings.Contains(out, "b 10/10 (cached 10, new 0, failed 0) done\n") {
		t.Errorf("a fully cached model should read done, with no rate (it sent nothing): %q", out)
	}
	if !strings.Contains(out, "a 0/10 (cached 0, new 0, failed 0) waiting for the first answer\n") {
		t.Errorf("a model with no answer yet should say so, not 0.0/s: %q", out)
	}
}

func TestNilProgressIsQuiet(t *testing.T) {
	var p *Progress
	p.Model("a", 1, 0)
	p.Add("a", 1, 0, 0)
	p.Start()
	p.Stop()
}
