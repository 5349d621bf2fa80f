package main

import "testing"

func TestTerminalSafe(t *testing.T) {
	for in, want := range map[string]string{
		"plain\n\tkept":             "plain\n\tkept",
		"\x1b[2J\x1b[31mred":        `\x1b[2J\x1b[31mred`,
		"bell\a and \r return":      `bell\x07 and \x0d return`,
		"c1 \u009b31m, é ∑ \\boxed": `c1 \x9b31m, é ∑ \boxed`,
	} {
		if got := terminalSafe(in); got != want {
			t.Errorf("terminalSafe(%q) = %q, want %q", in, got, want)
		}
	}
}
