package cache

import (
	"fmt"
	"strings"
	"testing"
)

// TestScanReadsEverySuccessOnce checks the table scan `aimo eval` reads a
// large cache with: every success once, with Find's grading fields, nulls
// as absent values, failures left out, rowid ranges that split the table
// without overlap, a row larger than the scanner's buffer read whole; and
// the same from a cache opened read-only.
func TestScanReadsEverySuccessOnce(t *testing.T) {
	s := openTemp(t)
	var rows []Row
	for i := range 300 {
		r := success(fmt.Sprint("k", i))
		r.Sample = i
		switch i % 7 {
		case 0:
			r = failure(r.Key, "server error")
		case 1:
			r.Completion.MeanEntropy, r.Completion.Score = nil, nil
		}
		if i == 123 {
			r.Completion.Text = strings.Repeat("long ", 2<<20) + "\\boxed{5}"
		}
		rows = append(rows, r)
	}
	put(t, s, rows...)
	check := func(t *testing.T, s *Store) {
		first, last, err := s.RowidSpan()
		if err != nil || last-first+1 != int64(len(rows)) {
			t.Fatalf("RowidSpan = %d, %d, %v for %d rows", first, last, err, len(rows))
		}
		sc, err := s.NewScanner()
		if err != nil {
			t.Fatal(err)
		}
		defer sc.Close()
		seen := map[string]bool{}
		for from := first; from <= last; from += 64 {
			err := sc.Scan(from, from+64, func(rs []ScanRow) error {
				for i := range rs {
					checkRow(t, s, &rs[i], seen)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		}
		for _, r := range rows {
			if seen[r.Key] == r.Failed() {
				t.Errorf("%s (failed: %v) read: %v", r.Key, r.Failed(), seen[r.Key])
			}
		}
		stop := fmt.Errorf("stop")
		if err := sc.Scan(first, last+1, func([]ScanRow) error { return stop }); err != stop {
			t.Fatalf("Scan returned %v, want the callback's error", err)
		}
	}
	t.Run("open", func(t *testing.T) { check(t, s) })
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	ro, err := OpenReadOnly(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	t.Run("read-only", func(t *testing.T) { check(t, ro) })
}

// checkRow checks a scanned row against Find's and notes its key in seen.
func checkRow(t *testing.T, s *Store, r *ScanRow, seen map[string]bool) {
	key := string(r.Key)
	if seen[key] {
		t.Errorf("%s read twice", key)
	}
	seen[key] = true
	want, ok := lookupOne(t, s, key)
	if !ok {
		t.Fatalf("scan read %s, which Find does not serve", key)
	}
	c := want.Completion
	got := fmt.Sprint(string(r.Cell), string(r.Problem), r.Sample, string(r.Text), string(r.FinishReason), r.LatencyS,
		r.HasEntropy, r.MeanEntropy, r.HasScore, r.Score)
	exp := fmt.Sprint(want.Cell, want.Problem, want.Sample, c.Text, c.FinishReason, c.LatencyS,
		c.MeanEntropy != nil, deref(c.MeanEntropy), c.Score != nil, deref(c.Score))
	if got != exp {
		t.Fatalf("%s: scan read %.200s\nwant %.200s", key, got, exp)
	}
}

// TestScanOfAnEmptyCache checks RowidSpan's answer for a cache with no rows.
func TestScanOfAnEmptyCache(t *testing.T) {
	s := openTemp(t)
	first, last, err := s.RowidSpan()
	if err != nil || first != 0 || last != 0 {
		t.Fatalf("RowidSpan = %d, %d, %v", first, last, err)
	}
}

func deref(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}
