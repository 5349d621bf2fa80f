package cache

import (
	"bufio"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/aimo-dev/aimo/backends"
)

// Stats summarises the cache for `aimo cache stats`.
type Stats struct {
	Rows     int     // Rows counts cached successes.
	Failures int     // Failures counts keys whose last attempt failed.
	Models   []Count // Models is sorted by name.
	Cells    []Count // Cells is sorted by name.
	// SizeBytes is the database's logical size (pages in use times page size);
	// WALBytes is the write-ahead log file on disk, folded in at checkpoints.
	SizeBytes int64
	WALBytes  int64
}

// Count is the number of successes and failures under one name.
type Count struct {
	Name     string
	Rows     int
	Failures int
}

// Stats counts the committed rows.
func (s *Store) Stats() (Stats, error) {
	var st Stats
	var err error
	if st.Models, err = s.counts("model"); err != nil {
		return Stats{}, err
	}
	if st.Cells, err = s.counts("cell"); err != nil {
		return Stats{}, err
	}
	for _, c := range st.Models {
		st.Rows += c.Rows
		st.Failures += c.Failures
	}
	var pages, free, size int64
	err = s.db.QueryRow("SELECT p.page_count, f.freelist_count, s.page_size"+
		" FROM pragma_page_count() p, pragma_freelist_count() f, pragma_page_size() s").Scan(&pages, &free, &size)
	if err != nil {
		return Stats{}, fmt.Errorf("cache stats: %w", err)
	}
	st.SizeBytes = (pages - free) * size
	if fi, err := os.Stat(s.path + "-wal"); err == nil {
		st.WALBytes = fi.Size()
	}
	return st, nil
}

// counts groups rows by col, which is one of our own column names.
func (s *Store) counts(col string) ([]Count, error) {
	var out []Count
	q := "SELECT " + col + ", SUM(error = ''), SUM(error != '') FROM generations GROUP BY 1 ORDER BY 1"
	err := s.query(q, nil, func(rows *sql.Rows) error {
		var c Count
		if err := rows.Scan(&c.Name, &c.Rows, &c.Failures); err != nil {
			return err
		}
		out = append(out, c)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("cache stats by %s: %w", col, err)
	}
	return out, nil
}

// Vacuum commits pending rows, rebuilds the database to reclaim free pages and
// truncates the write-ahead log.
func (s *Store) Vacuum() error {
	if err := s.Flush(); err != nil {
		return err
	}
	for _, q := range []string{"VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"} {
		if _, err := s.db.Exec(q); err != nil {
			return fmt.Errorf("vacuum cache: %w", err)
		}
	}
	return nil
}

// exported is the JSON shape of one line of Export.
type exported struct {
	Key        string              `json:"key"`
	Cell       string              `json:"cell"`
	Problem    string              `json:"problem"`
	Sample     int                 `json:"sample"`
	Model      string              `json:"model"`
	Completion backends.Completion `json:"completion"`
	CreatedAt  string              `json:"created_at"`
}

// Export writes every cached success as one JSON object per line, sorted by key.
// The bytes depend only on the committed rows, so two exports of the same cache
// are identical and diff cleanly. Failures are not exported.
func (s *Store) Export(w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false) // Model output is full of <, > and &; keep it readable.
	err := s.stream("WHERE error = '' ORDER BY key", nil, func(r Row) error {
		return enc.Encode(exported{
			Key: r.Key, Cell: r.Cell, Problem: r.Problem, Sample: r.Sample, Model: r.Model,
			Completion: r.Completion, CreatedAt: r.CreatedAt.Format(time.RFC3339Nano),
		})
	})
	if err != nil {
		return fmt.Errorf("export cache: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("export cache: %w", err)
	}
	return nil
}
