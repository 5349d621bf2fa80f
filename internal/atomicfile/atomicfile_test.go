package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
)

func TestWriteReplacesWholeAndLeavesNothingBehind(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.md")
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := Replace(path, []byte("new")); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	info, _ := os.Stat(path)
	if string(got) != "new" || info.Mode().Perm() != 0o600 {
		t.Errorf("got %q, mode %v; want new, 0600 kept", got, info.Mode().Perm())
	}
	onlyFiles(t, dir, "report.md")
}

func TestFailedWriteKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	// A directory cannot be renamed over: the write fails at the last step.
	path := filepath.Join(dir, "plots")
	if err := os.MkdirAll(filepath.Join(path, "keep"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, []byte("x"), 0o644); err == nil {
		t.Fatal("writing over a directory succeeded")
	}
	if info, err := os.Stat(path); err != nil || !info.IsDir() {
		t.Errorf("the old directory is gone: %v", err)
	}
	onlyFiles(t, dir, "plots")
	if err := Write(filepath.Join(dir, "missing", "f"), nil, 0o644); err == nil {
		t.Error("writing into a missing directory succeeded")
	}
}

// TestConcurrentWritersDoNotShareATemporaryFile: two writers of one file
// each leave a whole version, never a mix or an error.
func TestConcurrentWritersDoNotShareATemporaryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "experiment.jsonnet")
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for i := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- Write(path, []byte(fmt.Sprintf("%02d%0100000d", i, 0)), 0o644)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	got, _ := os.ReadFile(path)
	if len(got) != 100002 {
		t.Errorf("the file holds %d bytes, not one writer's 100002", len(got))
	}
	onlyFiles(t, dir, "experiment.jsonnet")
}

func onlyFiles(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if fmt.Sprint(names) != fmt.Sprint(want) {
		t.Errorf("%s holds %v, want %v", dir, names, want)
	}
}
