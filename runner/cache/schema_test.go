package cache

import (
	"context"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestOpenMigratesAnEmptyDatabase(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("CREATE TABLE unrelated (x)"); err != nil { // An existing file at version 0.
		t.Fatal(err)
	}
	raw.Close()
	for range 2 { // The second open finds the schema current and changes nothing.
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		var version int
		if err := s.db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
			t.Fatal(err)
		}
		if version != len(migrations) {
			t.Errorf("user_version = %d, want %d", version, len(migrations))
		}
		put(t, s, success("k"))
		if _, ok := lookupOne(t, s, "k"); !ok {
			t.Error("migrated cache does not serve a stored row")
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenRefusesNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	raw, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := raw.Exec("PRAGMA user_version = 99"); err != nil {
		t.Fatal(err)
	}
	raw.Close()
	_, err = Open(path)
	var se *SchemaError
	if !errors.As(err, &se) || se.Version != 99 || se.Known != len(migrations) {
		t.Fatalf("Open of a version-99 cache = %v, want a SchemaError naming 99 and %d", err, len(migrations))
	}
}

// TestOpenUsesWAL: every cache Open returns is in WAL mode, on every
// connection, whether the file was absent, empty (these switch under an
// in-memory journal) or an existing database in rollback-journal mode.
func TestOpenUsesWAL(t *testing.T) {
	tests := []struct {
		name  string
		setup func(t *testing.T, path string)
	}{
		{"absent file", func(*testing.T, string) {}},
		{"empty file", func(t *testing.T, path string) { must(t, os.WriteFile(path, nil, 0o644)) }},
		{"rollback-journal database", func(t *testing.T, path string) {
			raw, err := sql.Open("sqlite3", path)
			must(t, err)
			_, err = raw.Exec("CREATE TABLE unrelated (x)")
			must(t, err)
			must(t, raw.Close())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "cache.db")
			tt.setup(t, path)
			s := openAt(t, path)
			// Two connections held at once: the pool's second is a new one.
			ctx := context.Background()
			for range 2 {
				c, err := s.db.Conn(ctx)
				must(t, err)
				defer c.Close()
				var mode string
				must(t, c.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode))
				if mode != "wal" {
					t.Errorf("journal_mode = %q, want wal", mode)
				}
			}
			put(t, s, success("k"))
			must(t, s.Close())
			if _, err := os.Stat(path + "-journal"); !errors.Is(err, os.ErrNotExist) {
				t.Errorf("a rollback journal is left behind: %v", err)
			}
		})
	}
}

func TestOpenRejectsQuestionMarkInPath(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "a?b.db")); err == nil {
		t.Error("Open accepted a path the driver would cut at '?'")
	}
}
