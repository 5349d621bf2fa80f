package cache

import (
	"database/sql"
	"fmt"
)

// migrations are applied in order; the database's PRAGMA user_version counts how
// many it has. Append to the list, never edit an entry that has shipped.
var migrations = []string{
	// 1: one table for successes and failures. error is '' for a success and the
	// failure message otherwise, so a key has at most one row and a later success
	// replaces a failure in place. Optional measurements are NULL when unknown.
	`CREATE TABLE generations (
		key               TEXT PRIMARY KEY,
		cell              TEXT NOT NULL,
		problem           TEXT NOT NULL,
		sample            INTEGER NOT NULL,
		model             TEXT NOT NULL,
		text              TEXT NOT NULL,
		reasoning         TEXT NOT NULL,
		finish_reason     TEXT NOT NULL,
		prompt_tokens     INTEGER NOT NULL,
		completion_tokens INTEGER NOT NULL,
		latency_s         REAL NOT NULL,
		mean_entropy      REAL,
		tail_entropy      REAL,
		score             REAL,
		tool_turns        TEXT,
		error             TEXT NOT NULL DEFAULT '',
		created_at        INTEGER NOT NULL
	);
	CREATE INDEX generations_by_cell ON generations (cell, problem, sample, key);`,
	// 2: trained LoRA adapters by training identity. path is the adapter's
	// folder; metrics is the trainer's metrics.json as written. A row is added
	// only after the folder is complete, so a row always names a usable adapter.
	`CREATE TABLE adapters (
		id         TEXT PRIMARY KEY,
		name       TEXT NOT NULL,
		base       TEXT NOT NULL,
		path       TEXT NOT NULL,
		metrics    TEXT NOT NULL,
		created_at INTEGER NOT NULL
	);`,
	// 3: generations a run is making now, so that runs sharing the cache
	// share the work instead of each sending every request. owner is one
	// run (host/pid/nonce); a claim lives until expires (unix ms), renewed
	// while the run lasts, and ends early when its process is gone. A claim
	// is deleted in the transaction that stores its key's row.
	`CREATE TABLE claims (
		key     TEXT PRIMARY KEY,
		owner   TEXT NOT NULL,
		host    TEXT NOT NULL,
		pid     INTEGER NOT NULL,
		expires INTEGER NOT NULL
	);`,
	// 4: the runs that have the cache open for writing, so that a run alone
	// can work without claim rows (runs.go). owner, host, pid and expires
	// as in claims; shared is 1 once the run writes claims.
	`CREATE TABLE runs (
		owner   TEXT PRIMARY KEY,
		host    TEXT NOT NULL,
		pid     INTEGER NOT NULL,
		expires INTEGER NOT NULL,
		shared  INTEGER NOT NULL
	);`,
}

// SchemaError reports a cache written by a newer aimo than this one.
type SchemaError struct {
	Version int // Version is the database's schema version.
	Known   int // Known is the newest version this binary can read.
}

func (e *SchemaError) Error() string {
	return fmt.Sprintf("cache schema version %d is newer than this aimo knows (%d): upgrade aimo or use another cache file",
		e.Version, e.Known)
}

// migrate brings the schema up to date in one immediate transaction, so two
// processes opening a fresh cache at once cannot both apply a migration.
func migrate(db *sql.DB) error {
	tx, err := db.Begin()
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer tx.Rollback()
	var version int
	if err := tx.QueryRow("PRAGMA user_version").Scan(&version); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if version > len(migrations) {
		return &SchemaError{Version: version, Known: len(migrations)}
	}
	if version == len(migrations) {
		return nil
	}
	for i := version; i < len(migrations); i++ {
		if _, err := tx.Exec(migrations[i]); err != nil {
			return fmt.Errorf("migrate to schema version %d: %w", i+1, err)
		}
	}
	// PRAGMA takes no bound parameters; the value is our own integer.
	if _, err := tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", len(migrations))); err != nil {
		return fmt.Errorf("set schema version: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
