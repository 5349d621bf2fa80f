package render

import (
	"fmt"
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

// TestReadDocumentRefusesInconsistentOutcomes: aimo diff pairs entries by
// set/cell/setting and problems by ID through grid[].solved. A file whose
// outcomes cannot be read that way is refused, naming the field, rather
// than diffed as "solved nothing" (a significant gain that is not there).
func TestReadDocumentRefusesInconsistentOutcomes(t *testing.T) {
	const head = `{"schema": "aimo.results/v1", "problems": [{"set": "s", "ids": [%s]}], "grid": [%s]}`
	entry := func(setting, solved string) string {
		return fmt.Sprintf(`{"set": "s", "cell": "c", "setting": %q, "solved": %q}`, setting, solved)
	}
	dir := t.TempDir()
	for _, tc := range []struct{ name, ids, grid, want string }{
		{"consistent", `"p1", "p2"`, entry("majority@1", "10") + "," + entry("majority@4", ""), ""},
		{"solved too short", `"p1", "p2"`, entry("majority@1", "1"), `grid[0].solved: 1 outcomes, but problems[] lists 2 IDs for set "s"`},
		{"solved not 0 and 1", `"p1", "p2"`, entry("majority@1", "1x"), `grid[0].solved: character 2 is 'x'; want only 0 (not solved) and 1 (solved)`},
		{"a problem ID twice", `"p1", "p1"`, entry("majority@1", "10"), `problems[0].ids[1]: "p1" repeats ids[0]`},
		{"an entry twice", `"p1"`, entry("majority@1", "1") + "," + entry("majority@1", "0"), `grid[1]: set "s", cell "c", setting "majority@1" repeats grid[0]`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "-")+".json")
			if err := os.WriteFile(p, []byte(fmt.Sprintf(head, tc.ids, tc.grid)), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := ReadDocument(p)
			switch {
			case tc.want == "" && err != nil:
				t.Fatalf("a consistent file is refused: %v", err)
			case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
				t.Fatalf("ReadDocument = %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
