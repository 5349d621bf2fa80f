package cache

import "fmt"

// ScanRow is one success as a Scanner reads it, with the columns grading
// uses and the cell and problem it was made for. Its byte slices point into
// the scanner's buffer: they are valid only until the scan's callback
// returns, so copy what must outlive it.
type ScanRow struct {
	Key, Cell, Problem []byte
	Sample             int
	Text, FinishReason []byte
	LatencyS           float64
	// MeanEntropy and Score are set when HasEntropy and HasScore say so.
	MeanEntropy, Score   float64
	HasEntropy, HasScore bool
}

// RowidSpan returns the smallest and largest rowid of the generations table
// (0, 0 when it is empty): a table scan reads about last-first+1 rows.
func (s *Store) RowidSpan() (first, last int64, err error) {
	// Two queries: SQLite reads one end of the table for a lone min() or
	// max(), but the whole table for both in one query.
	var lo, hi *int64
	err = s.db.QueryRow("SELECT min(rowid) FROM generations").Scan(&lo)
	if err == nil {
		err = s.db.QueryRow("SELECT max(rowid) FROM generations").Scan(&hi)
	}
	if err != nil {
		return 0, 0, fmt.Errorf("read cache %s: %w", s.path, err)
	}
	if lo == nil || hi == nil {
		return 0, 0, nil
	}
	return *lo, *hi, nil
}
