package render

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestReadDocumentRefusesAndLocates: aimo diff and report --check read the
// paths a user hands them. A named pipe or a device must fail at once (not
// hang or fill memory), an oversized file at the limit, and a malformed file
// with the line and column of the problem, in JSON's words, not Go's.
func TestReadDocumentRefusesAndLocates(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	big := write("big.json", `{"schema": "aimo.results/v1", "experiment": "`+strings.Repeat("x", 2<<20)+`"}`)
	t.Setenv("AIMO_RESULTS_MAX_MB", "1")
	for _, tc := range []struct{ name, path, want string }{
		{"a named pipe is refused, not opened", fifo, "fifo.json: is a named pipe (FIFO), not a regular file"},
		{"an endless device is refused", "/dev/zero", "/dev/zero: is on a kernel file system"},
		{"a folder is refused", dir, "is a directory, not a regular file"},
		{"a file past the limit", big, "larger than the 1 MB limit on one file; raise $AIMO_RESULTS_MAX_MB"},
		{"a truncated file", write("trunc.json", "{\n  \"grid\": [\n"), "trunc.json:3:1: not valid JSON: the file ends early (truncated?)"},
		{"a syntax error names its line", write("bad.json", "{\n  \"schema\": nope\n}"), "bad.json:2:14: not valid JSON: invalid character 'o'"},
		{"a wrong type names the JSON key", write("typ.json", `{"grid": [{"accuracy": "high"}]}`), `typ.json:1:30: grid.accuracy: found a JSON string, want a number`},
		{"an array is not a report", write("arr.json", `[]`), "arr.json:1:2: the top level: found a JSON array, want an object"},
		{"another schema", write("other.json", `{"schema": "x/v2"}`), `other.json: schema "x/v2", want "aimo.results/v1"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			done := make(chan error, 1)
			go func() { _, err := ReadDocument(tc.path); done <- err }()
			select {
			case err := <-done:
				if err == nil || !strings.Contains(err.Error(), tc.want) {
					t.Fatalf("ReadDocument(%s) = %v, want an error containing %q", filepath.Base(tc.path), err, tc.want)
				}
			case <-time.After(5 * time.Second):
				t.Fatalf("ReadDocument(%s) still running after 5s", filepath.Base(tc.path))
			}
		})
	}
}
