package files

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// tree makes an experiment folder with a data file, a library folder, and
// a folder outside both, and returns the three.
func tree(t *testing.T) (exp, lib, outside string) {
	t.Helper()
	base := t.TempDir()
	exp, lib, outside = filepath.Join(base, "exp"), filepath.Join(base, "lib"), filepath.Join(base, "outside")
	for _, d := range []string{exp, lib, outside, filepath.Join(exp, "data")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write(t, filepath.Join(exp, "data", "ok.jsonl"), "{}\n")
	write(t, filepath.Join(lib, "shared.jsonl"), "{}\n")
	write(t, filepath.Join(outside, "secret.txt"), "root:x:0:0\n")
	return exp, lib, outside
}

func write(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestCheck(t *testing.T) {
	exp, lib, outside := tree(t)
	must(t, os.Symlink(filepath.Join(outside, "secret.txt"), filepath.Join(exp, "link.jsonl")))
	must(t, os.Symlink(filepath.Join(exp, "data", "ok.jsonl"), filepath.Join(exp, "inner.jsonl")))
	must(t, syscall.Mkfifo(filepath.Join(exp, "fifo.jsonl"), 0o644))
	p := Policy{Roots: []string{exp, lib}}
	tests := []struct {
		name, path, want string // want: "" for allowed, else a fragment of the error
	}{
		{"file in the experiment folder", filepath.Join(exp, "data", "ok.jsonl"), ""},
		{"file in a library folder", filepath.Join(lib, "shared.jsonl"), ""},
		{"link that stays inside", filepath.Join(exp, "inner.jsonl"), ""},
		{"absolute path outside", "/etc/passwd", "outside the experiment's folder"},
		{"dot-dot out of the folder", filepath.Join(exp, "..", "outside", "secret.txt"), "outside the experiment's folder"},
		{"link that points outside", filepath.Join(exp, "link.jsonl"), "outside the experiment's folder"},
		{"proc file", "/proc/self/environ", "outside the experiment's folder"},
		{"named pipe", filepath.Join(exp, "fifo.jsonl"), "is a named pipe (FIFO), not a regular file"},
		{"directory", filepath.Join(exp, "data"), "is a directory, not a regular file"},
		{"missing file", filepath.Join(exp, "nope.jsonl"), "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := p.Check(tt.path)
			checkErr(t, err, tt.want)
		})
	}
}

// TestCheckKernelFiles covers a user who puts / on the library path: files
// of /proc, /sys and /dev are still refused.
func TestCheckKernelFiles(t *testing.T) {
	p := Policy{Roots: []string{"/"}}
	for _, path := range []string{"/proc/self/environ", "/dev/zero", "/dev/null"} {
		t.Run(path, func(t *testing.T) {
			_, err := p.Check(path)
			checkErr(t, err, "not a regular file")
		})
	}
}

func TestReadFileBound(t *testing.T) {
	exp, _, _ := tree(t)
	path := filepath.Join(exp, "big.jsonl")
	write(t, path, strings.Repeat("x", 101))
	tests := []struct {
		name string
		max  int64
		want string
	}{
		{"under the bound", 101, ""},
		{"over the bound", 100, "larger than the 100-byte limit on one file; raise limits.file_mb"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Policy{Roots: []string{exp}, MaxBytes: tt.max}.ReadFile(path)
			checkErr(t, err, tt.want)
			if err == nil && len(b) != 101 {
				t.Errorf("read %d bytes, want 101", len(b))
			}
		})
	}
}

// TestOpenGrowingFile covers a file that grows past the bound after the
// check: the read fails at the bound instead of reading on.
func TestOpenGrowingFile(t *testing.T) {
	exp, _, _ := tree(t)
	path := filepath.Join(exp, "grow.jsonl")
	write(t, path, "small")
	r, err := Policy{Roots: []string{exp}, MaxBytes: 10}.Open(path)
	must(t, err)
	defer r.Close()
	write(t, path, strings.Repeat("x", 50))
	b, err := io.ReadAll(r)
	checkErr(t, err, "larger than the 10-byte limit")
	if len(b) > 10 {
		t.Errorf("read %d bytes past a 10-byte bound", len(b))
	}
}

// TestFIFODoesNotBlock covers a named pipe nobody writes to: opening it
// would block forever, so the check must refuse it before any open.
func TestFIFODoesNotBlock(t *testing.T) {
	exp, _, _ := tree(t)
	fifo := filepath.Join(exp, "pipe")
	must(t, syscall.Mkfifo(fifo, 0o644))
	done := make(chan error, 1)
	go func() { _, err := Policy{Roots: []string{exp}}.ReadFile(fifo); done <- err }()
	select {
	case err := <-done:
		checkErr(t, err, "named pipe")
	case <-time.After(5 * time.Second):
		t.Fatal("reading a FIFO blocked")
	}
}

func TestExcerpt(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"short line quoted whole", `root:x:0`, `"root:x:0"`},
		{"long line cut", strings.Repeat("a", 40), `"` + strings.Repeat("a", 32) + `"...`},
		{"control characters escaped", "\x1b[31mred\n", `"\x1b[31mred\n"`},
		{"cut on a character boundary", strings.Repeat("a", 31) + "é", `"` + strings.Repeat("a", 31) + `"...`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Excerpt([]byte(tt.in)); got != tt.want {
				t.Errorf("Excerpt = %s, want %s", got, tt.want)
			}
		})
	}
}

func checkErr(t *testing.T, err error, want string) {
	t.Helper()
	if want == "" {
		if err != nil {
			t.Fatalf("refused: %v", err)
		}
		return
	}
	var fe *Error
	if !errors.As(err, &fe) {
		t.Fatalf("err = %v, want an *Error containing %q", err, want)
	}
	if !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want it to contain %q", err, want)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
