//go:build !cgo

package cache

import (
	"errors"
	"fmt"
)

// errNoCgo is what the cache's C parts say in a build without cgo.
var errNoCgo = errors.New("aimo was built without cgo, which the cache's SQLite needs")

// A Scanner reads the cache's table in storage order; without cgo (which
// SQLite needs anyway) there is none.
type Scanner struct{}

// NewScanner fails: scanning needs cgo.
func (s *Store) NewScanner() (*Scanner, error) {
	return nil, fmt.Errorf("scan cache: %w", errNoCgo)
}

// Scan reads nothing.
func (sc *Scanner) Scan(first, end int64, fn func([]ScanRow) error) error { return nil }

// Close closes nothing.
func (sc *Scanner) Close() error { return nil }
