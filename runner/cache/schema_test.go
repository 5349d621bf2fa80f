package cache

import (
	"database/sql"
	"errors"
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

func TestOpenUsesWAL(t *testing.T) {
	s := openTemp(t)
	var mode string
	if err := s.db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
}

func TestOpenRejectsQuestionMarkInPath(t *testing.T) {
	if _, err := Open(filepath.Join(t.TempDir(), "a?b.db")); err == nil {
		t.Error("Open accepted a path the driver would cut at '?'")
	}
}
