package serve

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// tailLines is how many of a server's last log lines an error quotes.
const tailLines = 20

// tailBytes bounds how much of the log is read to find them.
const tailBytes = 64 << 10

// logFile is a server's log. Runs append to it, so start marks where this
// run's output begins and the quoted tail never reaches an earlier run.
type logFile struct {
	path  string
	file  *os.File
	start int64
}

// openLog opens path for appending (a new temporary file when path is empty)
// and writes a line that marks the start of this run.
func openLog(path, name string, port int) (*logFile, error) {
	var f *os.File
	var err error
	if path == "" {
		f, err = os.CreateTemp("", "aimo-serve-*.log")
	} else if err = os.MkdirAll(filepath.Dir(path), 0o755); err == nil {
		f, err = os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	}
	if err != nil {
		return nil, fmt.Errorf("server log: %w", err)
	}
	fmt.Fprintf(f, "==> aimo: starting %s on port %d at %s\n", name, port, time.Now().Format(time.RFC3339))
	start, err := f.Seek(0, io.SeekEnd)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("server log: %w", err)
	}
	return &logFile{path: f.Name(), file: f, start: start}, nil
}

// tail returns up to n of this run's last lines. A line redrawn with carriage
// returns (a progress bar) is shown as a terminal would show it: its last part.
func (l *logFile) tail(n int) []string {
	f, err := os.Open(l.path)
	if err != nil {
		return nil
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil
	}
	from := max(l.start, info.Size()-tailBytes)
	buf := make([]byte, max(0, info.Size()-from))
	if _, err := f.ReadAt(buf, from); err != nil && err != io.EOF {
		return nil
	}
	text := strings.TrimRight(string(buf), "\r\n")
	if text == "" {
		return nil
	}
	lines := strings.Split(text, "\n")
	if from > l.start {
		lines = lines[1:] // the first line was cut by the read window
	}
	lines = lines[max(0, len(lines)-n):]
	for i, line := range lines {
		line = strings.TrimRight(line, "\r")
		lines[i] = line[strings.LastIndexByte(line, '\r')+1:]
	}
	return lines
}

// Error is a server that did not start or that exited on its own: what
// happened and the end of its log, which usually says why.
type Error struct {
	Name    string
	What    string // e.g. "server exited with status 1 before becoming healthy"
	LogPath string
	Tail    []string
}

func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s", e.Name, e.What)
	WriteTail(&b, e.LogPath, e.Tail, "empty")
	return b.String()
}

// WriteTail ends a failure message with a log's last lines, indented, and
// where the whole log is; empty says what an empty tail means ("empty",
// "empty or missing").
func WriteTail(b *strings.Builder, log string, tail []string, empty string) {
	if len(tail) == 0 {
		fmt.Fprintf(b, "; its log is %s (%s)", empty, log)
		return
	}
	fmt.Fprintf(b, "; last log lines (full log: %s):", log)
	for _, line := range tail {
		b.WriteString("\n  " + line)
	}
}

// failure builds an Error quoting this run's log.
func (s *Server) failure(what string) *Error {
	return &Error{Name: s.spec.Name, What: what, LogPath: s.log.path, Tail: s.log.tail(tailLines)}
}

// MissingError is a server program that is not installed.
type MissingError struct {
	Name    string
	Program string
	Hint    string // what to install, e.g. "vllm is not installed: pip install vllm"
}

func (e *MissingError) Error() string {
	msg := fmt.Sprintf("%s: cannot find %q on PATH", e.Name, e.Program)
	hint := "install it or give its full path"
	if strings.ContainsRune(e.Program, filepath.Separator) {
		msg = fmt.Sprintf("%s: %q does not exist or is not executable", e.Name, e.Program)
		hint = "check the path"
	}
	if e.Hint != "" {
		hint = e.Hint
	}
	return msg + "; " + hint
}

// Unwrap lets errors.Is(err, exec.ErrNotFound) recognise a missing program.
func (e *MissingError) Unwrap() error { return exec.ErrNotFound }
