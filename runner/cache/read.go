package cache

import (
	"database/sql"
	"fmt"
	"strings"
)

// chunkSize bounds the keys in one IN query, far below SQLite's variable limit
// (32766) while keeping a 100,000-key lookup to a few hundred queries.
const chunkSize = 500

// Lookup returns the cached successes among keys, by key. Failures and unknown
// keys are absent from the map. It reads committed rows only: rows still waiting
// in the writer are not seen until Flush.
func (s *Store) Lookup(keys []string) (map[string]Row, error) {
	out := make(map[string]Row, len(keys))
	err := s.inChunks(columnList, keys, func(rows *sql.Rows) error {
		r, err := scanRow(rows)
		if err == nil {
			out[r.Key] = r
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("look up %d keys: %w", len(keys), err)
	}
	return out, nil
}

// Has reports which of keys hold a cached success; it reads no completion text,
// so the runner can plan a resume cheaply.
func (s *Store) Has(keys []string) (map[string]bool, error) {
	out := make(map[string]bool, len(keys))
	err := s.inChunks("key", keys, func(rows *sql.Rows) error {
		var k string
		if err := rows.Scan(&k); err != nil {
			return err
		}
		out[k] = true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("check %d keys: %w", len(keys), err)
	}
	return out, nil
}

// inChunks selects cols of the successes among keys, chunkSize keys per query.
func (s *Store) inChunks(cols string, keys []string, each func(*sql.Rows) error) error {
	for len(keys) > 0 {
		n := min(len(keys), chunkSize)
		args := make([]any, n)
		for i, k := range keys[:n] {
			args[i] = k
		}
		q := "SELECT " + cols + " FROM generations WHERE error = '' AND key IN (" +
			strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
		if err := s.query(q, args, each); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

// query runs q and calls each for every result row, stopping at the first error.
func (s *Store) query(q string, args []any, each func(*sql.Rows) error) error {
	rows, err := s.db.Query(q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// Iter calls fn for every cached success, ordered by cell, problem, sample and
// key, streaming rather than loading the cache into memory. An error from fn
// stops the iteration and is returned as is.
func (s *Store) Iter(fn func(Row) error) error {
	return s.stream("WHERE error = '' ORDER BY cell, problem, sample, key", nil, fn)
}

// ForCell calls fn for every cached success of one cell, ordered by problem,
// sample and key.
func (s *Store) ForCell(cell string, fn func(Row) error) error {
	return s.stream("WHERE error = '' AND cell = ? ORDER BY problem, sample, key", []any{cell}, fn)
}

// Failures calls fn for every recorded failure, in the order of Iter, so that
// reports can say what is missing and why.
func (s *Store) Failures(fn func(Row) error) error {
	return s.stream("WHERE error != '' ORDER BY cell, problem, sample, key", nil, fn)
}

// fnError marks an error returned by a caller's callback, so stream returns it
// unwrapped.
type fnError struct{ err error }

func (e fnError) Error() string { return e.err.Error() }

// stream selects rows matching where and hands them to fn.
func (s *Store) stream(where string, args []any, fn func(Row) error) error {
	err := s.query("SELECT "+columnList+" FROM generations "+where, args, func(rows *sql.Rows) error {
		r, err := scanRow(rows)
		if err != nil {
			return err
		}
		if err := fn(r); err != nil {
			return fnError{err}
		}
		return nil
	})
	if fe, ok := err.(fnError); ok {
		return fe.err
	}
	if err != nil {
		return fmt.Errorf("read cache: %w", err)
	}
	return nil
}
