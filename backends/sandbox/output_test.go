package sandbox

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestClipMatchesTheWorker pins the truncation rule that Go (partial output
// of a killed cell) and the worker (every other cell) share: both must
// produce testdata/clip-lines.txt from the same input.
func TestClipMatchesTheWorker(t *testing.T) {
	var data bytes.Buffer
	for i := 1; i <= 300; i++ {
		fmt.Fprintf(&data, "line %d é\n", i)
	}
	b := data.Bytes()
	got, truncated := clip(b[:500], b[len(b)-500:], len(b), 500)
	want, err := os.ReadFile("testdata/clip-lines.txt")
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) || !truncated {
		t.Errorf("clip =\n%s\nwant (testdata/clip-lines.txt)\n%s", got, want)
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		name      string
		data      string
		limit     int
		want      string
		truncated bool
	}{
		{"fits", "a\nb\n", 10, "a\nb\n", false},
		{"exactly the limit", "abcd", 4, "abcd", false},
		{"one long line", strings.Repeat("x", 100), 40,
			strings.Repeat("x", 30) + "\n... [output truncated: 60 of 100 bytes not shown] ...\n" + strings.Repeat("x", 10), true},
		{"never inside a character", strings.Repeat("é", 50), 20,
			strings.Repeat("é", 7) + "\n... [output truncated: 82 of 100 bytes not shown] ...\n" + strings.Repeat("é", 2), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := []byte(tt.data)
			head, tail := b[:min(len(b), tt.limit)], b[max(0, len(b)-tt.limit):]
			got, truncated := clip(head, tail, len(b), tt.limit)
			if got != tt.want || truncated != tt.truncated {
				t.Errorf("clip = %q, %v; want %q, %v", got, truncated, tt.want, tt.truncated)
			}
			if !utf8.ValidString(got) {
				t.Errorf("clip produced invalid UTF-8: %q", got)
			}
		})
	}
}

func TestResultText(t *testing.T) {
	tests := []struct {
		name string
		r    Result
		want string
	}{
		{"output only", Result{Output: "4\n"}, "4\n"},
		{"nothing printed", Result{}, ""},
		{"error after output", Result{Output: "a\n", Error: "ValueError: x"}, "a\nValueError: x"},
		{"error after a partial line", Result{Output: "a", Error: "ValueError: x"}, "a\nValueError: x"},
		{"error only", Result{Error: "NameError: y"}, "NameError: y"},
	}
	for _, tt := range tests {
		if got := tt.r.Text(); got != tt.want {
			t.Errorf("%s: Text() = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestInfoLinesPutTheNetworkFirstAndNameMissingModules(t *testing.T) {
	h := hello{
		Python:  "3.11.7",
		Modules: map[string]*string{"sympy": ptr("1.14.0"), "numpy": nil, "mpmath": ptr("")},
		Protections: map[string]Protection{
			"network": {Active: false, Detail: "NOT isolated (creating a network namespace failed: operation not permitted)"},
			"user":    {Active: true, Detail: "uid 1073741825 (not root)"},
		},
	}
	info := describe("/usr/bin/python3", h, Config{}.WithDefaults())
	got := strings.Join(info.Lines(), "\n")
	want := strings.Join([]string{
		"network: NOT isolated (creating a network namespace failed: operation not permitted)",
		"user: uid 1073741825 (not root)",
		"processes: NOT reported by the worker",
		"files: NOT reported by the worker",
		"python: 3.11.7 (/usr/bin/python3); sympy 1.14.0, numpy MISSING, mpmath",
		"limits: 6s wall and 6s CPU per cell, 2 GiB memory, 64 processes, 64 MiB per file, 4096 bytes of output",
	}, "\n")
	if got != want {
		t.Errorf("Lines() =\n%s\nwant\n%s", got, want)
	}
	warnings := strings.Join(info.Warnings(), "\n")
	for _, w := range []string{"sandbox network: NOT isolated", "numpy is not installed"} {
		if !strings.Contains(warnings, w) {
			t.Errorf("Warnings() lacks %q:\n%s", w, warnings)
		}
	}
}

func ptr(s string) *string { return &s }
