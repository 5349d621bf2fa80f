package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/aimo-dev/aimo/backends"
)

// writeConversation prints a tool-using sample turn by turn: reasoning,
// text, each call's code and what the model was shown, and why the
// conversation stopped when the model did not end it.
func writeConversation(w io.Writer, turns []backends.Turn) {
	for i, t := range turns {
		if t.Reasoning != "" {
			fmt.Fprintf(w, "--- turn %d: reasoning\n%s\n", i+1, trimNewline(t.Reasoning))
		}
		if t.Text != "" {
			fmt.Fprintf(w, "--- turn %d\n%s\n", i+1, trimNewline(t.Text))
		}
		for j, c := range t.Calls {
			writeCall(w, i+1, j+1, c)
		}
		if t.Stop != "" {
			fmt.Fprintf(w, "--- stopped: %s\n", terminalSafe(t.Stop))
		}
	}
}

func writeCall(w io.Writer, turn, n int, c backends.Call) {
	name := c.Name
	if name == "" {
		name = "python"
	}
	fmt.Fprintf(w, "--- turn %d, call %d: %s\n%s\n", turn, n, terminalSafe(name), trimNewline(c.Code))
	if c.Unanswered {
		fmt.Fprintln(w, "--- not run")
		return
	}
	var notes []string
	if c.DurationS > 0 {
		notes = append(notes, fmt.Sprintf("%.3fs", c.DurationS))
	}
	for _, f := range []struct {
		on   bool
		what string
	}{{c.Error != "" && !c.TimedOut, "error"}, {c.TimedOut, "timed out"}, {c.Truncated, "truncated"}, {c.Reset, "state reset"}} {
		if f.on {
			notes = append(notes, f.what)
		}
	}
	header := "--- output"
	if len(notes) > 0 {
		header += " (" + strings.Join(notes, ", ") + ")"
	}
	fmt.Fprintf(w, "%s\n%s\n", header, trimNewline(c.Output))
}

// trimNewline trims one trailing newline, so that Fprintf's own keeps
// the blocks apart by exactly one line break, and escapes control
// characters: everything it prints came from the model or its code.
func trimNewline(s string) string { return terminalSafe(strings.TrimSuffix(s, "\n")) }

// toolSummary is the part of a sample's header about its tool calls.
func toolSummary(turns []backends.Turn) string {
	if turns == nil {
		return ""
	}
	u := backends.Usage(turns)
	return fmt.Sprintf(", %d turns, %d tool calls, %d errors, %.2fs in tools", len(turns), u.Calls, u.Errors, u.Seconds)
}
