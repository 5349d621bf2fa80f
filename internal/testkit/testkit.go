// Package testkit holds what aimo's tests share: finding the repository and
// the public data beside it, and reading JSONL fixtures. It imports nothing
// of aimo's, so any package's tests may use it; running an experiment lives in
// testkit/sweeps.
package testkit

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// RepoRoot walks up from the test's directory to the one holding go.mod.
func RepoRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// SharedData returns ../shared/data/<rel> beside the repository, or skips the
// test, saying so, when it is not there: that data is read, never shipped.
// $AIMO_SHARED_DATA names the data folder when a checkout lives elsewhere.
func SharedData(t testing.TB, rel string) string {
	t.Helper()
	dir := os.Getenv("AIMO_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join(RepoRoot(t), "..", "shared", "data")
	}
	p := filepath.Join(dir, rel)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("../shared/data not present: %s is not shipped with aimo", rel)
	}
	return p
}

// Experiment is the path of an example in experiments/.
func Experiment(t testing.TB, name string) string {
	return filepath.Join(RepoRoot(t), "experiments", name)
}

// ReadJSONL decodes every line of path into a T.
func ReadJSONL[T any](t testing.TB, path string) []T {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []T
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		var v T
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("%s:%d: %v", path, line, err)
		}
		out = append(out, v)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// Golden compares got with the golden file at path. With update it rewrites
// the file instead (tests pass their package's -update flag); on a mismatch
// it writes path.got beside it for diffing.
func Golden(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		os.WriteFile(path+".got", got, 0o644)
		t.Errorf("%s differs from the golden file; see %s.got (go test -update rewrites it)", path, path)
	}
}
