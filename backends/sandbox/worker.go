package sandbox

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"time"
)

// worker is one Python process and the pipes, folder and capture file that
// belong to it. Its state is the model's namespace; it is never reused by
// another attempt.
type worker struct {
	cmd     *exec.Cmd
	pid     int // in aimo's pid namespace; also the process group
	uid     int // the sandbox user, -1 when aimo's own
	pidns   bool
	dir     string
	stdin   *os.File
	stdout  *os.File
	capture *os.File
	lines   chan []byte
	exited  chan struct{} // closed when the process has been reaped
	dead    chan struct{} // closed when aimo kills it
	readErr error         // why lines was closed
	nextID  int
	hello   hello
	release func(*worker)

	terminateOnce, cleanupOnce sync.Once
}

// hello is the worker's first message: what it runs and what protects it.
type hello struct {
	Python       string                `json:"python"`
	Executable   string                `json:"executable"`
	Modules      map[string]*string    `json:"modules"`
	Protections  map[string]Protection `json:"protections"`
	PreloadError string                `json:"preload_error"`
}

type request struct {
	ID   int    `json:"id"`
	Code string `json:"code"`
	// Cell numbers the cell within the session, so tracebacks name it the
	// same way after a reset started a fresh worker.
	Cell int `json:"cell,omitempty"`
}

type reply struct {
	ID        *int    `json:"id"`
	Output    string  `json:"output"`
	Error     string  `json:"error"`
	Truncated bool    `json:"truncated"`
	TimedOut  bool    `json:"timed_out"`
	DurationS float64 `json:"duration_s"`
	Flushed   bool    `json:"flushed"`
}

var errLineTooLong = errors.New("a protocol line longer than the limit")

// read delivers the worker's protocol lines until its stdout closes, a line
// is too long, or aimo kills it.
func (w *worker) read(maxLine int) {
	defer close(w.lines)
	br := bufio.NewReaderSize(w.stdout, 64<<10)
	for {
		var line []byte
		for {
			chunk, err := br.ReadSlice('\n')
			line = append(line, chunk...)
			if len(line) > maxLine {
				w.readErr = errLineTooLong
				return
			}
			if err == bufio.ErrBufferFull {
				continue
			}
			if err != nil {
				w.readErr = err
				return
			}
			break
		}
		select {
		case w.lines <- line:
		case <-w.dead:
			return
		}
	}
}

// greet sends the configuration and waits for the hello.
func (w *worker) greet(ctx context.Context, cfg workerConfig, timeout time.Duration) error {
	msg, err := json.Marshal(map[string]workerConfig{"config": cfg})
	if err != nil {
		return err
	}
	if _, err := w.stdin.Write(append(msg, '\n')); err != nil {
		return w.startFailure(fmt.Sprintf("it closed its input (%v)", err))
	}
	timer := time.NewTimer(timeout)
	defer timer.Stop()
	select {
	case line, ok := <-w.lines:
		if !ok {
			return w.startFailure("it exited before saying hello")
		}
		var m struct{ Hello *hello }
		if json.Unmarshal(line, &m) != nil || m.Hello == nil {
			return w.startFailure(fmt.Sprintf("its first message was not a hello: %.200q", line))
		}
		w.hello = *m.Hello
		return nil
	case <-timer.C:
		return w.startFailure(fmt.Sprintf("it did not say hello within %s", timeout))
	case <-ctx.Done():
		return ctx.Err()
	}
}

// startFailure says why a worker did not start, with the end of what it
// wrote to stderr (a Python traceback, usually).
func (w *worker) startFailure(why string) error {
	w.terminate()
	msg := ""
	if st, err := w.capture.Stat(); err == nil {
		msg, _ = readClipped(w.capture, st.Size(), 2000)
	}
	return fmt.Errorf("sandbox: the Python worker did not start: %s\n%s", why, strings.TrimSpace(msg))
}

// alive reports whether the process still runs.
func (w *worker) alive() bool {
	select {
	case <-w.exited:
		return false
	default:
		return true
	}
}

// terminate kills the worker's process group, waits until the worker is
// reaped, and sweeps up any process of the sandbox user that left the group.
// In a pid namespace the kernel has by then ended every process in it.
func (w *worker) terminate() {
	w.terminateOnce.Do(func() {
		close(w.dead)
		killGroup(w.pid)
		<-w.exited
		if w.uid >= 0 && !w.pidns {
			killUID(w.uid)
		}
	})
}

// kill ends the worker for good and removes its folder.
func (w *worker) kill() {
	w.terminate()
	w.cleanupOnce.Do(func() {
		w.stdin.Close()
		w.stdout.Close()
		w.capture.Close()
		_ = removeAll(w.dir)
		if w.release != nil {
			w.release(w)
		}
	})
}

// partial is what the cell had printed when it was stopped.
func (w *worker) partial(limit int) (string, bool) {
	st, err := w.capture.Stat()
	if err != nil {
		return "", false
	}
	return readClipped(w.capture, st.Size(), limit)
}

// exitReason says, for the model, how the process ended.
func (w *worker) exitReason() string {
	st := w.cmd.ProcessState
	if st == nil {
		return "ended"
	}
	ws, _ := st.Sys().(syscall.WaitStatus)
	sig := syscall.Signal(0)
	switch {
	case ws.Signaled():
		sig = ws.Signal()
	case w.pidns && ws.ExitStatus() > 128:
		sig = syscall.Signal(ws.ExitStatus() - 128)
	default:
		return fmt.Sprintf("exited with status %d", ws.ExitStatus())
	}
	return signalReason(sig)
}
