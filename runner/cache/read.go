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
		rows, err := s.chunkQuery(cols, n, args)
		if err != nil {
			return err
		}
		if err := eachRow(rows, each); err != nil {
			return err
		}
		keys = keys[n:]
	}
	return nil
}

// chunkQuery runs the IN query for n keys. The full-chunk form, which is most of
// a large lookup, is prepared once per store.
func (s *Store) chunkQuery(cols string, n int, args []any) (*sql.Rows, error) {
	q := "SELECT " + cols + " FROM generations WHERE error = '' AND key IN (" +
		strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
	if n < chunkSize {
		return s.db.Query(q, args...)
	}
	st, err := s.prepared(q)
	if err != nil {
		return nil, err
	}
	return st.Query(args...)
}

// prepared returns q as a statement prepared once per store.
func (s *Store) prepared(q string) (*sql.Stmt, error) {
	if v, ok := s.stmts.Load(q); ok {
		return v.(*sql.Stmt), nil
	}
	st, err := s.db.Prepare(q)
	if err != nil {
		return nil, err
	}
	if v, loaded := s.stmts.LoadOrStore(q, st); loaded {
		st.Close() // Another goroutine prepared it first.
		return v.(*sql.Stmt), nil
	}
	return st, nil
}

// query runs q and calls each for every result row, stopping at the first error.
func (s *Store) query(q string, args []any, each func(*sql.Rows) error) error {
	rows, err := s.db.Query(q, args...)
	if err != nil {
		return err
	}
	return eachRow(rows, each)
}

// eachRow calls each for every row and closes rows.
func eachRow(rows *sql.Rows, each func(*sql.Rows) error) error {
	defer rows.Close()
	for rows.Next() {
		if err := each(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}
