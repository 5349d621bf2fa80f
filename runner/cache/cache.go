// Package cache stores every generation aimo has made in one SQLite file, keyed by
// the content identity the runner computes. It is opinionated about durability and
// honesty: a generation handed to Put is written by a single batching writer, a
// write error is never swallowed, a recorded failure is never served as a cached
// success, and a success, once stored, is never replaced.
package cache

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	_ "github.com/mattn/go-sqlite3" // The driver registers itself as "sqlite3".
)

// ErrClosed is returned by Flush, and by Close itself, after Close.
var ErrClosed = errors.New("cache is closed")

// Store is an open cache database. Its methods are safe for concurrent use.
// Rows reach the database only through the writer goroutine started by Open.
type Store struct {
	path  string
	db    *sql.DB
	stmts sync.Map // stmts holds prepared read queries by their text.

	mu     sync.RWMutex // mu guards closed against Put/Flush racing Close.
	closed bool
	ops    chan op
	done   chan error // done receives the writer's final error when it exits.

	// failed is closed when a write first fails; failErr holds that error.
	failed   chan struct{}
	failErr  error
	failOnce sync.Once
	// immutable says the file is read as one nothing writes (a read-only
	// cache in a folder this user cannot write; see OpenReadOnly).
	immutable bool
	// stored counts successes committed since Open.
	stored atomic.Int64
	// readOnly stores have no writer: see OpenReadOnly.
	readOnly bool
	// claims identifies the generations this process is making: see Claim.
	claims claimer
	// run is the writer's view of the other runs on the cache: see runs.go.
	run presence
	// checkpointed is closed when the checkpoint Settle starts is done.
	checkpointed chan struct{}
	// put is the writer's connection, once it has committed.
	put *putter
}

// dsn builds the go-sqlite3 connection string.
//
// WAL lets report queries read while the writer commits. _txlock=immediate makes
// every transaction take the write lock at BEGIN, so busy_timeout applies (a
// deferred transaction that upgrades its lock fails at once with SQLITE_BUSY).
//
// _synchronous=NORMAL is still crash-safe for a cache in WAL mode: SQLite then
// syncs the WAL only at checkpoints, so a power loss may drop the last committed
// transactions, but the database is never corrupted and never holds half a
// transaction; a killed process (the common case: Ctrl-C, OOM, a lost job) loses
// nothing committed, because committed frames are already in the OS page cache.
// A dropped generation is simply generated again on resume.
//
// WAL is set by prepare, not here: go-sqlite3 applies a DSN's journal mode
// before its synchronous setting, so a new file would switch to WAL under
// synchronous=FULL, paying fsyncs that NORMAL spares. The mode is stored in
// the file, so every later connection opens in WAL.
func dsn(path string) string {
	return path + "?_busy_timeout=10000&_txlock=immediate&_synchronous=NORMAL"
}

// Open opens (creating it and its parent directories if needed) the cache at path,
// brings its schema up to date and starts the writer.
func Open(path string) (*Store, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, fmt.Errorf("open cache: %w", err)
	}
	fi, err := os.Stat(path)
	fresh := err != nil || fi.Size() == 0
	db, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("open cache %s: %w", path, err)
	}
	db.SetMaxIdleConns(4)
	if err := prepare(db, fresh); err != nil {
		db.Close()
		return nil, fmt.Errorf("open cache %s: %w", path, err)
	}
	s := &Store{path: path, db: db, ops: make(chan op, 1024), done: make(chan error, 1), failed: make(chan struct{}), claims: newClaimer()}
	if err := s.register(); err != nil {
		db.Close()
		return nil, fmt.Errorf("open cache %s: %w", path, err)
	}
	go s.write()
	return s, nil
}

// checkPath refuses a path with a '?': go-sqlite3 cuts the DSN there, so
// it would silently name another file.
func checkPath(path string) error {
	if strings.Contains(path, "?") {
		return fmt.Errorf("open cache %s: path must not contain '?'", path)
	}
	return nil
}

// prepare sets the journal mode to WAL and migrates the schema.
//
// A fresh (absent or empty) file switches to WAL under an in-memory
// rollback journal: one fsync instead of three (the journal, its folder and
// the file). The journal guards a file's old content, and a fresh file has
// none: a killed process still leaves a sound file (the write is in the OS
// page cache), and only a power loss in that millisecond could leave a new,
// empty cache unreadable. Where another process created the file meanwhile
// and has it open, SQLite refuses the switch to the in-memory journal and
// nothing changes.
func prepare(db *sql.DB, fresh bool) error {
	ctx := context.Background()
	conn, err := db.Conn(ctx) // one connection: journal modes are per connection
	if err != nil {
		return err
	}
	defer conn.Close()
	if fresh {
		if _, err := conn.ExecContext(ctx, "PRAGMA journal_mode = MEMORY"); err != nil {
			return err
		}
	}
	var mode string
	if err := conn.QueryRowContext(ctx, "PRAGMA journal_mode = WAL").Scan(&mode); err != nil {
		return err
	}
	// SQLite falls back silently where WAL cannot work (network filesystems);
	// without WAL, readers block the writer.
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("journal mode is %q, not WAL: keep the cache on a local filesystem", mode)
	}
	return migrate(db)
}

// Path returns the file the store was opened on.
func (s *Store) Path() string { return s.path }

// Close commits everything handed to Put, stops the writer and closes the
// database. It returns the first write error the store met, if any; a second
// Close returns ErrClosed.
func (s *Store) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrClosed
	}
	s.closed = true
	if s.readOnly {
		s.mu.Unlock()
		return s.db.Close()
	}
	close(s.ops)
	s.mu.Unlock()
	werr := <-s.done
	if err := s.ReleaseClaims(); err != nil && werr == nil {
		werr = err
	}
	if err := s.unregister(); err != nil && werr == nil {
		werr = err
	}
	if s.checkpointed != nil {
		<-s.checkpointed
	}
	if err := s.db.Close(); err != nil && werr == nil {
		werr = fmt.Errorf("close cache: %w", err)
	}
	return werr
}
