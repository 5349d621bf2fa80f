package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"
)

// Result is what one cell did. A cell that failed is a Result with Error
// set, not a Go error.
type Result struct {
	// Output is what the cell printed (stdout and stderr, in order, with the
	// repr of a final expression), clipped to Config.MaxOutput.
	Output string
	// Error is the traceback's last lines, or what stopped the cell: the
	// timeout, the death of the Python process. Empty on success.
	Error     string
	Truncated bool // Output was clipped
	TimedOut  bool // the cell ran out of wall time and was killed
	// Reset says the Python state is gone: the next cell starts afresh.
	Reset    bool
	Duration time.Duration
}

// Text is exactly what the model sees for the cell: the output, then the
// error text on its own lines.
func (r Result) Text() string {
	if r.Error == "" {
		return r.Output
	}
	if r.Output == "" || r.Output[len(r.Output)-1] == '\n' {
		return r.Output + r.Error
	}
	return r.Output + "\n" + r.Error
}

const resetNote = "The Python state was reset: variables, functions and imports from earlier cells are gone."

// flushGrace is how long a cell that ran out of time gets to flush what it
// printed before it is killed.
const flushGrace = 250 * time.Millisecond

// run sends one cell and waits for its reply, at most timeout.
func (w *worker) run(ctx context.Context, cell int, code string, timeout time.Duration, maxOutput int) (Result, error) {
	w.nextID++
	req, err := json.Marshal(request{ID: w.nextID, Code: code, Cell: cell})
	if err != nil {
		return Result{}, err
	}
	start := time.Now()
	deadline := start.Add(timeout)
	_ = w.stdin.SetWriteDeadline(deadline)
	if _, err := w.stdin.Write(append(req, '\n')); err != nil {
		if errors.Is(err, os.ErrDeadlineExceeded) {
			return w.timedOut(start, timeout, maxOutput), nil
		}
		return w.died(start, maxOutput), nil
	}
	timer := time.NewTimer(time.Until(deadline))
	defer timer.Stop()
	select {
	case line, ok := <-w.lines:
		if !ok && errors.Is(w.readErr, errLineTooLong) {
			return w.broken(start, maxOutput), nil
		}
		if !ok {
			return w.died(start, maxOutput), nil
		}
		return w.answer(line, start, maxOutput), nil
	case <-w.exited:
		return w.lastWords(start, maxOutput), nil
	case <-timer.C:
		return w.timedOut(start, timeout, maxOutput), nil
	case <-ctx.Done():
		w.kill()
		return Result{}, ctx.Err()
	}
}

// answer turns a reply line into the Result.
func (w *worker) answer(line []byte, start time.Time, maxOutput int) Result {
	var r reply
	if err := json.Unmarshal(line, &r); err != nil || r.ID == nil || *r.ID != w.nextID {
		return w.broken(start, maxOutput)
	}
	return Result{Output: r.Output, Error: r.Error, Truncated: r.Truncated, Duration: time.Since(start)}
}

// lastWords handles a worker that exited during the cell: a reply it sent
// just before is still honoured.
func (w *worker) lastWords(start time.Time, maxOutput int) Result {
	select {
	case line, ok := <-w.lines:
		if ok {
			return w.answer(line, start, maxOutput)
		}
	case <-time.After(50 * time.Millisecond):
	}
	return w.died(start, maxOutput)
}

// timedOut asks the cell to flush what it printed (SIGUSR1), gives it a
// moment, and kills the process group. A reply that arrives in that moment
// wins: the cell finished after all.
func (w *worker) timedOut(start time.Time, timeout time.Duration, maxOutput int) Result {
	flushGroup(w.pid)
	grace := time.NewTimer(flushGrace)
	defer grace.Stop()
	for waiting := true; waiting; {
		select {
		case line, ok := <-w.lines:
			var r reply
			if ok && json.Unmarshal(line, &r) == nil && !r.Flushed {
				return w.answer(line, start, maxOutput)
			}
			waiting = false
		case <-w.exited:
			waiting = false
		case <-grace.C:
			waiting = false
		}
	}
	w.terminate()
	out, truncated := w.partial(maxOutput)
	return Result{
		Output: out, Truncated: truncated, TimedOut: true, Reset: true, Duration: time.Since(start),
		Error: fmt.Sprintf("TimeoutError: the cell ran longer than %s and was stopped. %s", timeout, resetNote),
	}
}

func (w *worker) died(start time.Time, maxOutput int) Result {
	// Its pipe closes a moment before the process is reaped; wait for the
	// exit status rather than kill it and report our own signal.
	select {
	case <-w.exited:
	case <-time.After(time.Second):
	}
	w.terminate()
	out, truncated := w.partial(maxOutput)
	return Result{
		Output: out, Truncated: truncated, Reset: true, Duration: time.Since(start),
		Error: fmt.Sprintf("the Python process %s. %s", w.exitReason(), resetNote),
	}
}

func (w *worker) broken(start time.Time, maxOutput int) Result {
	w.terminate()
	out, truncated := w.partial(maxOutput)
	return Result{
		Output: out, Truncated: truncated, Reset: true, Duration: time.Since(start),
		Error: "the Python process broke the sandbox's protocol (the code wrote to its control channel). " + resetNote,
	}
}
