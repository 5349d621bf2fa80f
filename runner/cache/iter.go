package cache

import (
	"database/sql"
	"fmt"
)

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
