package cache

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends"
)

// exportRows are put out of key order, with a failure that must not be exported.
func exportRows() []Row {
	at := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	return []Row{
		{Key: "c3", Cell: "qwen/step", Problem: "p2", Sample: 0, Model: "qwen-7b", CreatedAt: at,
			Completion: backends.Completion{Text: "x < y && y > z: \\boxed{7}", FinishReason: "length",
				CompletionTokens: 8192, LatencyS: 40.25}},
		{Key: "a1", Cell: "qwen/step", Problem: "p1", Sample: 1, Model: "qwen-7b", CreatedAt: at.Add(time.Second),
			Completion: backends.Completion{Text: "√49 = \\boxed{7}", Reasoning: "think", FinishReason: "stop",
				PromptTokens: 150, CompletionTokens: 300, LatencyS: 3.5, MeanEntropy: f64(0.42),
				TailEntropy: f64(0.1), Score: f64(0), ToolTurns: []backends.Turn{{Text: "```python\n", Calls: []backends.Call{{Code: "print(7)", Output: "7\n"}}}}}},
		failure("b2", "server returned 503"),
	}
}

func TestExportGolden(t *testing.T) {
	s := openTemp(t)
	put(t, s, exportRows()...)
	var got bytes.Buffer
	if err := s.Export(&got); err != nil {
		t.Fatal(err)
	}
	golden := filepath.Join("testdata", "export.golden")
	if *update {
		if err := os.WriteFile(golden, got.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		os.WriteFile(golden+".got", got.Bytes(), 0o644)
		t.Errorf("export differs from %s (see %s.got; rerun with -update to accept)", golden, golden)
	}
}

func TestIterOrderAndCells(t *testing.T) {
	s := openTemp(t)
	var rows []Row
	for _, c := range []struct {
		key, cell, problem string
		sample             int
	}{{"k1", "b", "p1", 0}, {"k2", "a", "p2", 0}, {"k3", "a", "p1", 1}, {"k4", "a", "p1", 0}} {
		r := success(c.key)
		r.Cell, r.Problem, r.Sample = c.cell, c.problem, c.sample
		rows = append(rows, r)
	}
	put(t, s, append(rows, failure("k5", "boom"))...)
	tests := []struct {
		name string
		iter func(func(Row) error) error
		want []string
	}{
		{"Iter orders successes by cell, problem, sample", s.Iter, []string{"k4", "k3", "k2", "k1"}},
		{"ForCell keeps one cell", func(fn func(Row) error) error { return s.ForCell("a", fn) }, []string{"k4", "k3", "k2"}},
		{"Failures lists only failures", s.Failures, []string{"k5"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			if err := tt.iter(func(r Row) error { got = append(got, r.Key); return nil }); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("keys = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestStatsCountsByModelAndCell(t *testing.T) {
	s := openTemp(t)
	a, b := success("a"), success("b")
	b.Model, b.Cell = "gpt-oss", a.Cell
	put(t, s, a, b, failure("c", "timeout"))
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	wantModels := []Count{{"gpt-oss", 1, 0}, {"qwen-7b", 1, 1}}
	wantCells := []Count{{"cell-a", 2, 0}, {"cell-c", 0, 1}}
	if st.Rows != 2 || st.Failures != 1 || !reflect.DeepEqual(st.Models, wantModels) || !reflect.DeepEqual(st.Cells, wantCells) {
		t.Errorf("Stats = %+v, want 2 rows, 1 failure, models %v, cells %v", st, wantModels, wantCells)
	}
	if st.SizeBytes <= 0 {
		t.Errorf("Stats.SizeBytes = %d, want the database size", st.SizeBytes)
	}
}

func TestVacuumKeepsRowsAndTruncatesWAL(t *testing.T) {
	s := openTemp(t)
	for i := range 50 {
		s.Put(success(string(rune('A' + i))))
	}
	if err := s.Vacuum(); err != nil {
		t.Fatal(err)
	}
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	if st.Rows != 50 || st.WALBytes != 0 {
		t.Errorf("after Vacuum: %d rows, WAL %d bytes; want 50 rows and an empty WAL", st.Rows, st.WALBytes)
	}
}
