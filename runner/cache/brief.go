package cache

import (
	"database/sql"
	"fmt"
	"strings"
)

// briefColumns are the columns FindBrief reads: what grading and voting use
// of a sample, nothing of its prompt, model, reasoning or tool turns.
const briefColumns = "key, text, finish_reason, latency_s, mean_entropy, score"

// FindBrief is Find for evaluation: the cached success of each key, in the
// order of keys (nil where there is none), with only Key and the
// Completion's Text, FinishReason, LatencyS, MeanEntropy and Score set. It
// runs one query, on one connection, so callers read on as many goroutines
// as they want connections; keys should number a few hundred at most.
func (s *Store) FindBrief(keys []string) ([]*Row, error) {
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
	st, err := s.prepared("SELECT " + briefColumns + " FROM generations WHERE error = '' AND key IN (" +
		strings.TrimSuffix(strings.Repeat("?,", len(keys)), ",") + ")")
	if err != nil {
		return nil, fmt.Errorf("look up %d keys: %w", len(keys), err)
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
