package lang

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestImportPolicy covers imports that must be refused before anything is
// read: files outside the experiment's and library folders (by absolute
// path, ../ or a symlink), kernel files, and named pipes, which would block
// the evaluation forever if opened.
func TestImportPolicy(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "exp")
	mkdirs(t, dir, filepath.Join(base, "outside"))
	writeFile(t, filepath.Join(base, "outside", "secret.txt"), "root:x:0:0\n")
	writeFile(t, filepath.Join(dir, "ok.txt"), "fine")
	if err := os.Symlink(filepath.Join(base, "outside", "secret.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	for _, fifo := range []string{filepath.Join(dir, "pipe"), filepath.Join(base, "outside", "pipe")} {
		if err := syscall.Mkfifo(fifo, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct{ name, code, want string }{
		{"importstr inside the folder", `importstr 'ok.txt'`, ""},
		{"importstr of an absolute path outside", `importstr '/etc/passwd'`, "outside the experiment's folder"},
		{"importstr through ../", `importstr '../outside/secret.txt'`, "outside the experiment's folder"},
		{"importstr through a symlink", `importstr 'link.txt'`, "outside the experiment's folder"},
		{"importstr of /dev/zero", `importstr '/dev/zero'`, "outside the experiment's folder"},
		{"importstr of /proc/self/environ", `importstr '/proc/self/environ'`, "outside the experiment's folder"},
		{"import of a FIFO inside the folder", `import 'pipe'`, "is a named pipe (FIFO), not a regular file"},
		{"import of a FIFO outside the folder", `import '../outside/pipe'`, "outside the experiment's folder"},
		{"importbin of a directory", `importbin '.'`, "is a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(dir, "exp.jsonnet")
			writeFile(t, file, "{ x: "+tt.code+" }\n")
			err := within(t, 5*time.Second, func() error { _, err := Evaluate(file, Options{}); return err })
			wantErr(t, err, tt.want)
			if err != nil && strings.Contains(err.Error(), "root:x") {
				t.Errorf("error echoes the refused file's content: %v", err)
			}
		})
	}
}

// TestEvaluateMemoryBound covers an experiment that builds a huge value:
// evaluation stops at the memory bound with a message that names how to
// raise it, while an ordinary experiment evaluates under the same bound.
func TestEvaluateMemoryBound(t *testing.T) {
	tests := []struct {
		name, code string
		maxMB      int
		want       string
	}{
		{"small object", `{ a: std.repeat('x', 1000) }`, 16, ""},
		{"a 2-million-element array over a 16 MB bound", `{ a: std.length(std.makeArray(2e6, function(i) [i])) }`, 16,
			"evaluation took more than 16 MB of memory (a string, array or object too large?); raise the limit with --jsonnet-max-mb or $AIMO_JSONNET_MAX_MB"},
		{"output larger than the bound", `{ a: std.repeat('x', 2e6) }`, 1, "more than 1 MB"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "big.jsonnet")
			writeFile(t, file, tt.code+"\n")
			err := within(t, 20*time.Second, func() error { _, err := Evaluate(file, Options{MaxMemoryMB: tt.maxMB}); return err })
			wantErr(t, err, tt.want)
			if _, ok := err.(*ConfigError); err != nil && !ok {
				t.Errorf("error is %T, want *ConfigError (exit 2)", err)
			}
		})
	}
}

func TestMaxMemoryFromEnvironment(t *testing.T) {
	tests := []struct {
		env  string
		opt  int
		want int
		bad  bool
	}{
		{"", 0, DefaultJsonnetMaxMB, false},
		{"64", 0, 64, false},
		{"64", 8, 8, false},
		{"lots", 0, 0, true},
		{"0", 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.env, func(t *testing.T) {
			t.Setenv("AIMO_JSONNET_MAX_MB", tt.env)
			got, err := maxMemoryMB(Options{MaxMemoryMB: tt.opt})
			if (err != nil) != tt.bad || got != tt.want {
				t.Errorf("maxMemoryMB = %d, %v; want %d, error %v", got, err, tt.want, tt.bad)
			}
		})
	}
}

// TestExperimentFileItself covers the experiment path given on the command
// line: a FIFO there is refused instead of blocking.
func TestExperimentFileItself(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "exp.jsonnet")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	err := within(t, 5*time.Second, func() error { _, err := Evaluate(fifo, Options{}); return err })
	wantErr(t, err, "cannot read experiment: is a named pipe (FIFO), not a regular file")
}

func within(t *testing.T, d time.Duration, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(d):
		t.Fatalf("did not return within %v", d)
		return nil
	}
}

func wantErr(t *testing.T, err error, want string) {
	t.Helper()
	switch {
	case want == "" && err != nil:
		t.Fatalf("refused: %v", err)
	case want != "" && err == nil:
		t.Fatalf("accepted, want an error containing %q", want)
	case want != "" && !strings.Contains(err.Error(), want):
		t.Errorf("err = %v\nwant it to contain %q", err, want)
	}
}

func mkdirs(t *testing.T, dirs ...string) {
	t.Helper()
	for _, d := range dirs {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
	}
}

func writeFile(t *testing.T, path, s string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestLimitsField covers the experiment's limits block: defaults when left
// out, raised values kept, nonsense refused at its field path, and a samples
// count that alone exceeds the requests limit refused before any plan.
func TestLimitsField(t *testing.T) {
	examples, err := filepath.Abs("../experiments")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, override string
		want           Limits
		errs           string
	}{
		{"defaults", `{}`, Limits{DefaultMaxCells, DefaultMaxRequests, DefaultMaxFileMB}, ""},
		{"raised", `{ limits: { cells: 1000000, requests: 100000000, file_mb: 10000 } }`, Limits{1000000, 100000000, 10000}, ""},
		{"zero refused", `{ limits: { cells: 0 } }`, Limits{}, "limits.cells: expected a limit >= 1 (leave it out for the default), found 0"},
		{"negative refused", `{ limits: { file_mb: -1 } }`, Limits{}, "limits.file_mb: expected a limit >= 1 (leave it out for the default), found -1"},
		{"unknown field", `{ limits: { cell: 5 } }`, Limits{}, "limits.cell: unknown field; did you mean cells?"},
		{"samples 1e9", `{ samples: 1e9 }`, Limits{}, "samples: 1000000000 samples per problem exceed limits.requests (5000000 generation requests in all)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "exp.jsonnet")
			writeFile(t, file, "(import 'quickstart.jsonnet') + "+tt.override+"\n")
			e, err := Load(file, Options{LibPaths: []string{examples}})
			if tt.errs != "" {
				wantErr(t, err, tt.errs)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if e.Limits != tt.want {
				t.Errorf("limits = %+v, want %+v", e.Limits, tt.want)
			}
		})
	}
}
