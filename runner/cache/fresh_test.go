package cache

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// names lists dir's entries.
func names(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Name())
	}
	return out
}

// TestFreshKeptIsTheCache: a cache built aside appears at its path only
// when kept, and is then an ordinary cache, with nothing else left beside.
func TestFreshKeptIsTheCache(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, ".aimo", "cache.db")
	f, err := Build(path)
	must(t, err)
	if _, err := os.Stat(path); err == nil {
		t.Fatal("Build made the cache at its path before Keep")
	}
	f.Keep()
	if got := names(t, filepath.Join(dir, ".aimo")); !slices.Equal(got, []string{"cache.db"}) {
		t.Errorf("after Keep the folder holds %q; want only cache.db", got)
	}
	s := openAt(t, path)
	put(t, s, success("k"))
	if _, ok := lookupOne(t, s, "k"); !ok {
		t.Error("the kept cache did not store a row")
	}
}

// TestFreshLeavesACacheMadeMeanwhile: a cache another run made while this
// one was building its own stays, rows and all.
func TestFreshLeavesACacheMadeMeanwhile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	f, err := Build(path)
	must(t, err)
	other, err := Open(path)
	must(t, err)
	put(t, other, success("theirs"))
	must(t, other.Close())
	f.Keep()
	if got := names(t, filepath.Dir(path)); !slices.Equal(got, []string{"cache.db"}) {
		t.Errorf("the folder holds %q; want only cache.db", got)
	}
	s := openAt(t, path)
	if _, ok := lookupOne(t, s, "theirs"); !ok {
		t.Error("Keep replaced the cache another run had made")
	}
}

// TestFreshDiscardedLeavesNothing: a discarded cache takes the folders made
// for it along, but not a folder something else was put in meanwhile.
func TestFreshDiscardedLeavesNothing(t *testing.T) {
	dir := t.TempDir()
	f, err := Build(filepath.Join(dir, "a", "b", "cache.db"))
	must(t, err)
	f.Discard()
	if got := names(t, dir); len(got) != 0 {
		t.Errorf("after Discard the folder holds %q; want nothing", got)
	}

	f, err = Build(filepath.Join(dir, "a", "b", "cache.db"))
	must(t, err)
	must(t, os.WriteFile(filepath.Join(dir, "a", "notes.txt"), nil, 0o644))
	f.Discard()
	if got := names(t, filepath.Join(dir, "a")); !slices.Equal(got, []string{"notes.txt"}) {
		t.Errorf("after Discard a/ holds %q; want the file put there kept", got)
	}
}

// TestFreshRemovesWhatAKilledRunLeft: a cache built aside by a process that
// is gone (killed before it could keep or discard it) is removed by the
// next build; a live process's is not.
func TestFreshRemovesWhatAKilledRunLeft(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "cache.db")
	dead := exec.Command("true")
	must(t, dead.Run())
	left := fmt.Sprintf("%s.new-%d-0000abcd", path, dead.Process.Pid)
	live := fmt.Sprintf("%s.new-%d-0000abcd", path, os.Getpid())
	for _, name := range []string{left, left + "-wal", live} {
		must(t, os.WriteFile(name, nil, 0o644))
	}
	f, err := Build(path)
	must(t, err)
	defer f.Discard()
	for _, name := range []string{left, left + "-wal"} {
		if _, err := os.Stat(name); err == nil {
			t.Errorf("%s, left by a process that is gone, is still there", filepath.Base(name))
		}
	}
	if _, err := os.Stat(live); err != nil {
		t.Errorf("%s, a live process's, was removed", filepath.Base(live))
	}
}
