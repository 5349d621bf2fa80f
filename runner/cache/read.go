package cache

import (
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
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

// Find returns the cached success of each key, in the order of keys: found[i]
// is nil where keys[i] holds none (unknown, or only a failure). A key listed
// twice gets the same row twice. Like Lookup it reads committed rows only. The
// queries run on up to findWorkers connections at once: a large lookup is
// mostly SQLite stepping through rows, which does not share one connection.
func (s *Store) Find(keys []string) ([]*Row, error) {
	found := make([]*Row, len(keys))
	if len(keys) > 0 {
		// A new cache (a first run) holds nothing: no key need be sent.
		if empty, err := s.Empty(); err != nil || empty {
			return found, err
		}
	}
	at := make(map[string]int, len(keys))
	var dups map[int]int // dups maps a repeated key's later position to its first.
	for i, k := range keys {
		if first, ok := at[k]; ok {
			if dups == nil {
				dups = map[int]int{}
			}
			dups[i] = first
			continue
		}
		at[k] = i
	}
	unique := keys
	if dups != nil {
		unique = make([]string, 0, len(at))
		for i, k := range keys {
			if _, dup := dups[i]; !dup {
				unique = append(unique, k)
			}
		}
	}
	chunks := (len(unique) + chunkSize - 1) / chunkSize
	workers := min(chunks, findWorkers, runtime.GOMAXPROCS(0))
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			errs[w] = s.findChunks(unique, found, at, w, workers)
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("look up %d keys: %w", len(keys), err)
	}
	for i, first := range dups {
		found[i] = found[first]
	}
	return found, nil
}

// findChunks reads chunks w, w+step, w+2*step, ... of keys into found.
func (s *Store) findChunks(keys []string, found []*Row, at map[string]int, w, step int) error {
	for c := w; c*chunkSize < len(keys); c += step {
		part := keys[c*chunkSize : min((c+1)*chunkSize, len(keys))]
		err := s.inChunks(columnList, part, func(rows *sql.Rows) error {
			r := new(Row)
			if err := scanInto(rows, r); err != nil {
				return err
			}
			found[at[r.Key]] = r
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// findWorkers bounds the connections one Find reads on.
const findWorkers = 4

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
	q := inQuery(cols, n)
	if n < chunkSize {
		return s.db.Query(q, args...)
	}
	st, err := s.prepared(q)
	if err != nil {
		return nil, err
	}
	return st.Query(args...)
}

// Empty says the cache holds no generation, success or failure.
func (s *Store) Empty() (bool, error) {
	var any bool
	if err := s.db.QueryRow("SELECT EXISTS (SELECT 1 FROM generations)").Scan(&any); err != nil {
		return false, fmt.Errorf("read cache %s: %w", s.path, err)
	}
	return !any, nil
}

// inQuery selects cols of the successes among n keys given as arguments.
func inQuery(cols string, n int) string {
	return "SELECT " + cols + " FROM generations WHERE error = '' AND key IN (" +
		strings.TrimSuffix(strings.Repeat("?,", n), ",") + ")"
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
