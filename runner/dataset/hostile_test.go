package dataset

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

// TestDatasetPathPolicy covers dataset paths that must be refused, at the
// field that names them and without echoing the file: outside the
// experiment's folder (absolute, ../, a symlink), kernel files, a named pipe
// (which would block the run forever), a directory, and a file over
// limits.file_mb. It also covers bad lines, quoted only as a short escaped
// excerpt.
func TestDatasetPathPolicy(t *testing.T) {
	base := t.TempDir()
	dir := filepath.Join(base, "exp")
	for _, d := range []string{dir, filepath.Join(base, "outside"), filepath.Join(dir, "folder")} {
		must(t, os.MkdirAll(d, 0o755))
	}
	secret := "root:x:0:0:root:/root:/bin/bash:SECRET-TOKEN-abcdef\n"
	must(t, os.WriteFile(filepath.Join(base, "outside", "passwd"), []byte(secret), 0o644))
	must(t, os.Symlink(filepath.Join(base, "outside", "passwd"), filepath.Join(dir, "link.jsonl")))
	must(t, syscall.Mkfifo(filepath.Join(dir, "pipe.jsonl"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "passwd.jsonl"), []byte(secret), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "escape.jsonl"), []byte("\x1b]0;pwned\x07 not json\n"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "big.jsonl"), []byte(strings.Repeat(`{"problem": "1+1", "answer": "2"}`+"\n", 40_000)), 0o644))
	tests := []struct{ name, path, limits, want string }{
		{"absolute path outside", "/etc/passwd", "", `exp.jsonnet:3: datasets.d.path: "/etc/passwd": outside the experiment's folder and library folders`},
		{"dot-dot out of the folder", "../outside/passwd", "", `datasets.d.path: "../outside/passwd": outside the experiment's folder`},
		{"symlink out of the folder", "link.jsonl", "", `datasets.d.path: "link.jsonl": outside the experiment's folder`},
		{"proc environ", "/proc/self/environ", "", `datasets.d.path: "/proc/self/environ": outside the experiment's folder`},
		{"named pipe", "pipe.jsonl", "", `datasets.d.path: "pipe.jsonl": is a named pipe (FIFO), not a regular file`},
		{"directory", "folder", "", `datasets.d.path: "folder": is a directory, not a regular file`},
		{"over limits.file_mb", "big.jsonl", "limits: { file_mb: 1 },", `datasets.d.path: "big.jsonl": larger than the 1 MB limit on one file; raise limits.file_mb in the experiment`},
		{"within a raised limit", "big.jsonl", "limits: { file_mb: 2 },", ""},
		{"bad line quoted short", "passwd.jsonl", "", `passwd.jsonl:1: not a JSON object: "root:x:0:0:root:/root:/bin/bash:"...`},
		{"bad line escaped", "escape.jsonl", "", `escape.jsonl:1: not a JSON object: "\x1b]0;pwned\a not json"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(dir, "exp.jsonnet")
			src := "local aimo = import 'aimo.libsonnet';\naimo.experiment { name: 'x', " + tt.limits + "\n" +
				"  datasets: { d: aimo.dataset.jsonl('" + tt.path + "', fields={ problem: 'problem' }) },\n" +
				"  models: { m: aimo.model.replay('r.jsonl', text='text', problem_id='id') },\n}\n"
			must(t, os.WriteFile(file, []byte(src), 0o644))
			e, err := lang.Load(file, lang.Options{})
			must(t, err)
			done := make(chan error, 1)
			go func() { _, err := LoadAll(e); done <- err }()
			select {
			case err = <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("loading the dataset blocked")
			}
			if tt.want == "" {
				must(t, err)
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("err = %v\nwant it to contain %s", err, tt.want)
			}
			if strings.Contains(err.Error(), "SECRET") {
				t.Errorf("the error echoes the file's content: %v", err)
			}
			var ec interface{ ExitCode() int }
			if !errors.As(err, &ec) || ec.ExitCode() != 2 {
				t.Errorf("err %T does not exit 2", err)
			}
		})
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
