package hf

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// Event is one JSON line a program prints on stdout.
type Event struct {
	Event      string   `json:"event"`
	Step       int      `json:"step,omitempty"`
	TotalSteps int      `json:"total_steps,omitempty"`
	Epoch      float64  `json:"epoch,omitempty"`
	Loss       *float64 `json:"loss,omitempty"`
	EvalLoss   *float64 `json:"eval_loss,omitempty"`
	Message    string   `json:"message,omitempty"`
	OutputDir  string   `json:"output_dir,omitempty"`
	Path       string   `json:"path,omitempty"`
}

// run starts `python -m aimo_hf.<prog> args...` in its own process group,
// hands each stdout event to onEvent, copies stderr to log, and kills the
// whole group when ctx is cancelled. A failure is returned with the
// program's own error message, or the last lines it wrote.
func run(ctx context.Context, python, prog string, args []string, log io.Writer, onEvent func(Event)) error {
	dir, err := Programs()
	if err != nil {
		return err
	}
	cmd := exec.CommandContext(ctx, python, append([]string{"-m", "aimo_hf." + prog}, args...)...)
	cmd.Env = Env(dir)
	cmd.SysProcAttr = procAttr()
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
	cmd.WaitDelay = 5 * time.Second
	tail := &tailWriter{max: 20}
	cmd.Stderr = io.MultiWriter(log, tail)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("start %s: %w", python, err)
	}
	var failure string
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 64*1024), 1<<20)
	for sc.Scan() {
		var ev Event
		if json.Unmarshal(sc.Bytes(), &ev) != nil {
			fmt.Fprintln(log, sc.Text())
			continue
		}
		if ev.Event == "error" {
			failure = ev.Message
		}
		if onEvent != nil {
			onEvent(ev)
		}
	}
	err = cmd.Wait()
	// Whatever the leader did, nothing of the group may outlive the call.
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	switch {
	case ctx.Err() != nil:
		return ctx.Err()
	case err == nil:
		return nil
	case failure != "":
		return fmt.Errorf("%s", failure)
	}
	return fmt.Errorf("aimo_hf.%s: %w; last lines:\n%s", prog, err, tail.String())
}

// tailWriter keeps the last max lines written to it.
type tailWriter struct {
	max     int
	lines   []string
	partial string
}

func (t *tailWriter) Write(p []byte) (int, error) {
	parts := strings.Split(t.partial+string(p), "\n")
	t.partial = parts[len(parts)-1]
	for _, l := range parts[:len(parts)-1] {
		t.lines = append(t.lines, l)
		if len(t.lines) > t.max {
			t.lines = t.lines[1:]
		}
	}
	return len(p), nil
}

func (t *tailWriter) String() string {
	lines := t.lines
	if t.partial != "" {
		lines = append(lines, t.partial)
	}
	return "  " + strings.Join(lines, "\n  ")
}
