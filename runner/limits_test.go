package runner

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/lang"
)

// TestPlanLimits covers the experiment's limits as the plan applies them:
// a runaway matrix is refused by counting (no 10-million-cell allocation),
// and a plan over limits.requests is refused at samples; both are config
// errors (exit 2) located in the experiment file.
func TestPlanLimits(t *testing.T) {
	examples, err := filepath.Abs("../experiments")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, override, want string }{
		{"quickstart within the limits", `{}`, ""},
		{"ten million cells", `{ matrix+: { seed: std.range(1, 10000), top_k: std.range(1, 1000) } }`,
			"matrix: the matrix expands to 10000000 combinations, more than limits.cells (200000)"},
		{"cells limit raised", `{ matrix+: { seed: std.range(1, 30) }, limits: { cells: 30 } }`, ""},
		{"requests over the limit", `{ limits: { requests: 799 } }`,
			"limits.requests: 1 cells x 100 problems x 8 samples is more than the limit of 799 generation requests"},
		{"requests exactly at the limit", `{ limits: { requests: 800 } }`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "exp.jsonnet")
			if err := os.WriteFile(file, []byte("(import 'quickstart.jsonnet') + "+tt.override+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			// The quickstart's data is beside it, in the library folder.
			e, err := lang.Load(file, lang.Options{LibPaths: []string{examples}})
			if err != nil {
				t.Fatal(err)
			}
			e.Dir = examples
			start := time.Now()
			_, err = Derive(e)
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("took %v", took)
			}
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var ce *lang.ConfigError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v (%T), want a ConfigError containing %q", err, err, tt.want)
			}
		})
	}
}

// TestReplayPathPolicy covers replay paths that must be refused while the
// plan is made, at the model's field and within seconds: /dev/zero (read to
// exhaustion before), a named pipe (waited on forever, deaf to Ctrl-C), a
// file outside the experiment's folders, a directory.
func TestReplayPathPolicy(t *testing.T) {
	examples, err := filepath.Abs("../experiments")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe.jsonl")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ name, path, want string }{
		{"dev zero", "/dev/zero", `models.qwen2.5-math.replay.path: "/dev/zero": outside the experiment's folder`},
		{"named pipe", fifo, `models.qwen2.5-math.replay.path: "` + fifo + `": is a named pipe (FIFO), not a regular file`},
		{"outside the folders", "/etc/passwd", `models.qwen2.5-math.replay.path: "/etc/passwd": outside the experiment's folder`},
		{"directory", dir, "is a directory, not a regular file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(dir, "exp.jsonnet")
			src := "(import 'quickstart.jsonnet') + { models+: { 'qwen2.5-math'+: { replay+: { path: '" + tt.path + "' } } } }\n"
			if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			e, err := lang.Load(file, lang.Options{LibPaths: []string{examples}})
			if err != nil {
				t.Fatal(err)
			}
			e.Dir = examples
			done := make(chan error, 1)
			go func() { _, err := Derive(e); done <- err }()
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("planning blocked on the replay file")
			}
			var ce *lang.ConfigError
			if !errors.As(err, &ce) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v (%T), want a ConfigError containing %q", err, err, tt.want)
			}
			if _, err := NewGenerator(e.Dir, e.Models["qwen2.5-math"]); err == nil || !strings.Contains(err.Error(), "not a regular file") && !strings.Contains(err.Error(), "outside") {
				t.Errorf("opening the generator: err = %v, want the policy's refusal", err)
			}
		})
	}
}
