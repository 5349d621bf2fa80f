package replay_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/replay"
	"github.com/aimo-dev/aimo/internal/files"
)

// TestOpenHostileFiles covers replay files that must fail Open quickly with
// a short message: a named pipe and /dev/zero (refused before any read), a
// file over the policy's bound, a sample index that would allocate a
// trillion-element slice, and a bad value quoted only as a short excerpt.
func TestOpenHostileFiles(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.jsonl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	rows := func(lines ...string) string {
		path := filepath.Join(dir, "rows.jsonl")
		if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	fields := replay.Fields{ProblemID: "pid", Text: "text", Sample: "i"}
	long := strings.Repeat("SECRET", 20)
	tests := []struct {
		name string
		path func() string
		max  int64
		want string
	}{
		{"named pipe", func() string { return fifo }, 0, "is a named pipe (FIFO), not a regular file"},
		{"dev zero", func() string { return "/dev/zero" }, 0, "not a regular file"},
		{"over the bound", func() string { return rows(`{"pid":"a","i":0,"text":"` + long + `"}`) }, 64, "larger than the 64-byte limit"},
		{"huge sample index", func() string { return rows(`{"pid":"a","i":1e12,"text":"x"}`) }, 0,
			`rows.jsonl:1: field "i": sample index 1000000000000 is past the 1048576 samples a problem may have`},
		{"long bad value cut", func() string { return rows(`{"pid":"a","i":"` + long + `","text":"x"}`) }, 0,
			`field "i": want a sample index, got "SECRETSECRETSECRETSECRETSECRETS...`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() {
				_, err := replay.Open(replay.Source{Path: tt.path(), Fields: fields, Files: files.Policy{MaxBytes: tt.max}})
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Open blocked")
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant it to contain %s", err, tt.want)
			}
			if strings.Count(err.Error(), "SECRET") > 6 {
				t.Errorf("the error echoes the row: %v", err)
			}
		})
	}
}
