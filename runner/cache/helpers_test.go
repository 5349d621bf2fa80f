package cache

import (
	"flag"
	"path/filepath"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// openTemp opens a fresh cache in a test directory and closes it at cleanup.
func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "sub", "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func f64(v float64) *float64 { return &v }

// success returns a fully populated successful row for key.
func success(key string) Row {
	return Row{
		Key: key, Cell: "cell-" + key, Problem: "p-" + key, Sample: 3, Model: "qwen-7b",
		Completion: backends.Completion{
			Text: "The answer is \\boxed{42}. " + key, Reasoning: "think " + key, FinishReason: "stop",
			PromptTokens: 120, CompletionTokens: 900, LatencyS: 12.5,
			MeanEntropy: f64(0.31), TailEntropy: f64(0.07), Score: f64(-1.25),
			ToolTurns: []backends.Turn{{Text: "```python\n", Calls: []backends.Call{{Code: "print(6*7)", Output: "42\n"}}}},
		},
		CreatedAt: time.Date(2025, 3, 1, 12, 0, 0, 123456789, time.UTC),
	}
}

// failure returns a failed row for key.
func failure(key, msg string) Row {
	return Row{Key: key, Cell: "cell-" + key, Problem: "p-" + key, Sample: 3, Model: "qwen-7b", Err: msg,
		CreatedAt: time.Date(2025, 3, 1, 12, 0, 1, 0, time.UTC)}
}

// put stores rows and waits for the commit.
func put(t testing.TB, s *Store, rows ...Row) {
	t.Helper()
	for _, r := range rows {
		s.Put(r)
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
}

// lookupOne returns the cached success for key, if any.
func lookupOne(t testing.TB, s *Store, key string) (Row, bool) {
	t.Helper()
	got, err := s.Lookup([]string{key})
	if err != nil {
		t.Fatal(err)
	}
	r, ok := got[key]
	return r, ok
}

// failures returns the recorded failures.
func failures(t testing.TB, s *Store) []Row {
	t.Helper()
	var out []Row
	if err := s.Failures(func(r Row) error { out = append(out, r); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}
