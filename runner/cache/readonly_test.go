package cache

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"
)

// snapshot is a folder's file names and the cache file's bytes.
func snapshot(t *testing.T, path string) (names []string, data []byte) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	data, err = os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return names, data
}

// TestOpenReadOnlyNeverWrites: a read-only store reads what a cache holds,
// committed or still in the write-ahead log, and leaves the file as it
// found it; it never creates a cache.
func TestOpenReadOnlyNeverWrites(t *testing.T) {
	tests := []struct {
		name string
		// prepare fills a cache at path and returns the store to close
		// after reading (nil: none left open).
		prepare func(t *testing.T, path string) *Store
		folder  os.FileMode // 0: leave the folder writable
	}{
		{"closed cache", closedCache, 0},
		{"rows in the log of an open writer", func(t *testing.T, path string) *Store {
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			s.Put(success("a"))
			s.Put(success("b"))
			if err := s.Flush(); err != nil {
				t.Fatal(err)
			}
			return s
		}, 0},
		{"folder not writable", closedCache, 0o555},
		{"odd characters in the path", closedCache, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "x")
			if tt.name == "odd characters in the path" {
				dir = filepath.Join(t.TempDir(), "a #b %20c")
			}
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, "cache.db")
			writer := tt.prepare(t, path)
			if writer != nil {
				defer writer.Close()
			}
			if tt.folder != 0 {
				if os.Geteuid() == 0 {
					t.Skip("runs as root, whom file modes do not stop; the CLI test covers a reader without write permission")
				}
				must(t, os.Chmod(path, 0o444))
				must(t, os.Chmod(dir, tt.folder))
				t.Cleanup(func() { os.Chmod(dir, 0o755) })
			}
			names, data := snapshot(t, path)
			s, err := OpenReadOnly(path)
			if err != nil {
				t.Fatal(err)
			}
			has, err := s.Has([]string{"a", "b", "c"})
			if err != nil || len(has) != 2 {
				t.Fatalf("Has = %v, %v; want a and b", has, err)
			}
			if st, err := s.Stats(); err != nil || st.Rows != 2 {
				t.Fatalf("Stats = %+v, %v; want 2 rows", st, err)
			}
			if err := s.Flush(); !errors.Is(err, ErrReadOnly) {
				t.Errorf("Flush = %v, want ErrReadOnly", err)
			}
			func() {
				defer func() {
					if recover() == nil {
						t.Error("Put on a read-only store did not panic")
					}
				}()
				s.Put(success("c"))
			}()
			if _, err := s.db.Exec("DELETE FROM generations"); err == nil {
				t.Error("a read-only store deleted rows")
			}
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			afterNames, afterData := snapshot(t, path)
			if !bytes.Equal(data, afterData) {
				t.Error("reading changed the cache file")
			}
			if writer == nil && len(afterNames) != len(names) {
				t.Errorf("reading left files behind: %v, before %v", afterNames, names)
			}
		})
	}
	t.Run("missing file", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "none.db")
		if _, err := OpenReadOnly(path); err == nil {
			t.Fatal("opened a cache that does not exist")
		}
		if _, err := os.Stat(path); err == nil {
			t.Error("OpenReadOnly created the file")
		}
	})
}

func closedCache(t *testing.T, path string) *Store {
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Put(success("a"))
	s.Put(success("b"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return nil
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// TestOpenReadOnlyUpgradesAnOldWritableCache: an empty file (schema 0) is
// an empty cache, upgraded as Open would, then read.
func TestOpenReadOnlyUpgradesAnOldWritableCache(t *testing.T) {
	path := filepath.Join(t.TempDir(), "empty.db")
	must(t, os.WriteFile(path, nil, 0o644))
	s, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if has, err := s.Has([]string{"a"}); err != nil || len(has) != 0 {
		t.Errorf("Has = %v, %v; want an empty cache", has, err)
	}
}
