package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-jsonnet/formatter"
)

// TestExamplesAreFormatted: users copy the shipped examples, so they are
// formatted exactly as `aimo fmt` formats (fmt --check passes on them).
func TestExamplesAreFormatted(t *testing.T) {
	files, err := filepath.Glob("../../experiments/*.jsonnet")
	if err != nil || len(files) == 0 {
		t.Fatalf("no examples found: %v", err)
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out, err := formatter.Format(f, string(src), formatter.DefaultOptions())
		if err != nil {
			t.Fatal(err)
		}
		if out != string(src) {
			t.Errorf("%s is not formatted: run aimo fmt %s", f, f)
		}
	}
}
