package cache

import (
	"context"
	"database/sql"
	"fmt"
)

// briefColumns are the columns FindBrief reads: what grading and voting use
// of a sample, nothing of its prompt, model, reasoning or tool turns.
const briefColumns = "key, text, finish_reason, latency_s, mean_entropy, score"

// Reader reads on one connection of its own, with 64 MiB of SQLite's page
// cache rather than the default 2 MiB, for reading much of a large cache.
// (Mapping the file into memory, PRAGMA mmap_size, saves SQLite's system
// calls, about 8% of the CPU time at 32 million rows, but shows the mapped
// file in the process's RSS once per connection: see docs/benchmarks.md.)
// Use one per goroutine; Close it when done.
type Reader struct {
	conn  *sql.Conn
	stmts map[int]*sql.Stmt // FindBrief's query by key count
}

// NewReader takes a connection from the store's pool for a Reader.
func (s *Store) NewReader() (*Reader, error) {
	ctx := context.Background()
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("read cache: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "PRAGMA cache_size = -65536"); err != nil {
		conn.Close()
		return nil, fmt.Errorf("read cache: %w", err)
	}
	return &Reader{conn: conn, stmts: map[int]*sql.Stmt{}}, nil
}

// Close returns the connection to the store's pool.
func (r *Reader) Close() error {
	for _, st := range r.stmts {
		st.Close()
	}
	return r.conn.Close()
}

// FindBrief is Find for evaluation: the cached success of each key, in the
// order of keys (nil where there is none), with only Key and the
// Completion's Text, FinishReason, LatencyS, MeanEntropy and Score set. It
// runs one query; keys should number a few hundred at most.
func (s *Store) FindBrief(keys []string) ([]*Row, error) {
	r, err := s.NewReader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return r.FindBrief(keys)
}

// FindBrief is Store.FindBrief on the reader's connection.
func (rd *Reader) FindBrief(keys []string) ([]*Row, error) {
	found := make([]*Row, len(keys))
	if len(keys) == 0 {
		return found, nil
	}
	at := make(map[string]int, len(keys))
	for i := len(keys) - 1; i >= 0; i-- {
		at[keys[i]] = i // the first position of a repeated key
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = k
	}
	st := rd.stmts[len(keys)]
	if st == nil {
		var err error
		st, err = rd.conn.PrepareContext(context.Background(), inQuery(briefColumns, len(keys)))
		if err != nil {
			return nil, fmt.Errorf("look up %d keys: %w", len(keys), err)
		}
		rd.stmts[len(keys)] = st
	}
	rows, err := st.Query(args...)
	if err != nil {
		return nil, fmt.Errorf("look up %d keys: %w", len(keys), err)
	}
	all := make([]Row, 0, len(keys))
	err = eachRow(rows, func(rows *sql.Rows) error {
		all = append(all, Row{})
		r := &all[len(all)-1]
		c := &r.Completion
		var mean, score sql.NullFloat64
		if err := rows.Scan(&r.Key, &c.Text, &c.FinishReason, &c.LatencyS, &mean, &score); err != nil {
			return fmt.Errorf("read row: %w", err)
		}
		c.MeanEntropy, c.Score = pointer(mean), pointer(score)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("look up %d keys: %w", len(keys), err)
	}
	for i := range all {
		found[at[all[i].Key]] = &all[i]
	}
	for i, k := range keys {
		if first := at[k]; first != i {
			found[i] = found[first]
		}
	}
	return found, nil
}
