package cache

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"syscall"
)

// ErrReadOnly is returned by Flush on a store opened with OpenReadOnly.
var ErrReadOnly = errors.New("cache is open read-only")

// readableFrom is the oldest schema version OpenReadOnly can serve: every
// table the read methods query exists from it on.
const readableFrom = 2

// OpenReadOnly opens the existing cache at path for reading only: it never
// creates the file or writes rows, so a cache the user cannot write (a
// colleague's, a CI artefact, a read-only mount) can still be read, and
// reading one that a run is filling does not block that run. Put on it
// panics and Flush returns ErrReadOnly. A cache whose schema is older than
// the reads need is upgraded first where it may be written (as Open
// would), and refused where it may not.
//
// Where this process may write the file and its folder, the connection is
// query-only rather than read-only: SQLite then removes the -wal and -shm
// files it needs as it does for any last connection, instead of leaving
// them behind. Elsewhere it is read-only; SQLite reads a WAL database
// through its -shm index, which it must be able to create, and where it
// cannot, the file is opened immutable: nothing can be writing it then
// either (short of root).
func OpenReadOnly(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	db, immutable, err := openReader(path)
	var old *oldSchemaError
	if errors.As(err, &old) && writable(path) && writable(filepath.Dir(path)) {
		if err = upgrade(path); err == nil {
			db, immutable, err = openReader(path)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("open cache %s read-only: %w", path, err)
	}
	s := &Store{path: path, db: db, failed: make(chan struct{}), readOnly: true, immutable: immutable}
	return s, nil
}

// openReader opens a connection pool that cannot write path.
func openReader(path string) (db *sql.DB, immutable bool, err error) {
	if writable(path) && writable(filepath.Dir(path)) {
		db, err = openRO(path, "mode=rw&_query_only=1")
		return db, false, err
	}
	if db, err = openRO(path, "mode=ro"); err == nil {
		return db, false, nil
	}
	db, err = openRO(path, "immutable=1")
	return db, true, err
}

// upgrade migrates the cache at path to the current schema.
func upgrade(path string) error {
	s, err := Open(path)
	if err != nil {
		return err
	}
	return s.Close()
}

// oldSchemaError is a cache too old for the reads, which only a writer can
// upgrade.
type oldSchemaError struct{ version int }

func (e *oldSchemaError) Error() string {
	return fmt.Sprintf("cache schema version %d is too old to read without upgrading it, and this cache cannot be written: run aimo run once as a user who may write it", e.version)
}

// ReadOnly reports whether the store was opened with OpenReadOnly.
func (s *Store) ReadOnly() bool { return s.readOnly }

// writable reports whether this process may write path.
func writable(path string) bool {
	return syscall.Access(path, 2 /* W_OK */) == nil
}

// openRO opens path with the URI parameter param and checks its schema.
func openRO(path, param string) (*sql.DB, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, err
	}
	u := url.URL{Scheme: "file", Path: abs, RawQuery: param + "&_busy_timeout=10000"}
	db, err := sql.Open("sqlite3", u.String())
	if err != nil {
		return nil, err
	}
	db.SetMaxIdleConns(4)
	var version int
	if err := db.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		db.Close()
		return nil, err
	}
	switch {
	case version > len(migrations):
		db.Close()
		return nil, &SchemaError{Version: version, Known: len(migrations)}
	case version < readableFrom:
		db.Close()
		return nil, &oldSchemaError{version}
	}
	return db, nil
}
