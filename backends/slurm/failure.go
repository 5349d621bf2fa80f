package slurm

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aimo-dev/aimo/backends/serve"
)

// tailLines is how many of a job's last log lines a failure quotes.
const tailLines = 20

// tailBytes bounds how much of a log is read to find them.
const tailBytes = 64 << 10

// JobError is a job that ended without doing its work: how it ended and the
// end of its log, which usually says why.
type JobError struct {
	// What names the work, e.g. "training lora-r4" or "model tiny, replica 2".
	What string
	Task Task
	// Log is the task's log file; Tail its last lines.
	Log  string
	Tail []string
}

// Failure builds the error for task, quoting the end of log.
func Failure(what string, task Task, log string) *JobError {
	return &JobError{What: what, Task: task, Log: log, Tail: Tail(log, tailLines)}
}

func (e *JobError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: Slurm job %s %s", e.What, e.Task.ID, e.Task.Outcome())
	if e.Task.Node != "" {
		fmt.Fprintf(&b, " on %s", e.Task.Node)
	}
	serve.WriteTail(&b, e.Log, e.Tail, "empty or missing")
	return b.String()
}

// Tail returns up to n last lines of the file at path; a line redrawn with
// carriage returns (a progress bar) is shown as a terminal shows it.
func Tail(path string, n int) []string {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil
	}
	from := max(0, info.Size()-tailBytes)
	buf := make([]byte, info.Size()-from)
	if _, err := f.ReadAt(buf, from); err != nil && err != io.EOF {
		return nil
	}
	text := strings.TrimRight(string(buf), "\r\n")
	if text == "" {
		return nil
	}
	lines := strings.Split(text, "\n")
	if from > 0 {
		lines = lines[1:] // cut by the read window
	}
	lines = lines[max(0, len(lines)-n):]
	for i, line := range lines {
		line = strings.TrimRight(line, "\r")
		lines[i] = line[strings.LastIndexByte(line, '\r')+1:]
	}
	return lines
}
