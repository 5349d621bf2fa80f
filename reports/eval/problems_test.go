package eval

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

// TestProblemsAddUpToTheGrid asks for every grid entry of three examples
// (a plain sweep, seven voting methods with early stopping, weighted and
// unweighted ensembles) problem by problem and requires the entry's own
// counts: report --check and the drill-down show these outcomes next to the
// leaderboard.
func TestProblemsAddUpToTheGrid(t *testing.T) {
	kinds := map[string]bool{}
	for _, file := range []string{"quickstart.jsonnet", "voting-grid.jsonnet", "gsm8k-ensemble.jsonnet"} {
		t.Run(file, func(t *testing.T) {
			s, err := runSweep(filepath.Join(testkit.RepoRoot(t), "experiments", file), filepath.Join(t.TempDir(), "cache.db"))
			if err != nil {
				t.Fatal(err)
			}
			r := s.evaluate(t)
			for _, e := range r.Grid {
				checkEntry(t, r, e)
				kinds[cellNamed(t, r, e.Cell).Kind] = true
			}
			for _, p := range r.Pools {
				checkPool(t, r, p)
			}
		})
	}
	if !kinds["cell"] || !kinds["ensemble"] {
		t.Errorf("checked kinds %v, want cells and ensembles", kinds)
	}
}

func checkEntry(t *testing.T, r *Results, e Entry) {
	t.Helper()
	o, err := r.Problems(e.Set, e.Cell, e.Setting)
	if err != nil {
		t.Fatal(err)
	}
	var correct, noAnswer, ties, used int
	for p, pr := range o.Problems {
		correct += btoi(pr.Correct)
		noAnswer += btoi(pr.NoAnswer)
		ties += btoi(pr.Tie)
		used += pr.Used
		if pr.Correct != e.solved[p] {
			t.Errorf("%s / %s / %s: problem %s correct=%v, the entry says %v", e.Set, e.Cell, e.Setting, pr.ID, pr.Correct, e.solved[p])
		}
		if read := countRead(pr); read > pr.Used {
			t.Errorf("%s / %s / %s: problem %s reads %d samples, used %d", e.Set, e.Cell, e.Setting, pr.ID, read, pr.Used)
		}
	}
	got := [5]int{len(o.Problems), correct, noAnswer, ties, used}
	want := [5]int{e.Problems, e.Correct, e.NoAnswer, e.Ties, e.used}
	if got != want {
		t.Errorf("%s / %s / %s: problems, correct, no answer, ties, used = %v; the entry says %v", e.Set, e.Cell, e.Setting, got, want)
	}
}

func countRead(pr ProblemResult) int {
	n := 0
	for _, s := range pr.Samples {
		n += btoi(s.Read)
	}
	return n
}

// checkPool requires the samples of the pool's first setting to be the
// pool's (same counts) and, for an ensemble, each sample to be its member
// cell's sample of the same problem and index.
func checkPool(t *testing.T, r *Results, p Pool) {
	t.Helper()
	o := problemsOf(t, r, p.Set, p.Cell)
	present, correct := 0, 0
	for _, pr := range o.Problems {
		if len(pr.Samples) != cellNamed(t, r, p.Cell).Samples {
			t.Fatalf("%s / %s: %d samples on problem %s, the cell has %d", p.Set, p.Cell, len(pr.Samples), pr.ID, cellNamed(t, r, p.Cell).Samples)
		}
		for _, s := range pr.Samples {
			present += btoi(s.Present)
			correct += btoi(s.Correct)
		}
	}
	if present != p.Samples || correct != p.Correct {
		t.Errorf("%s / %s: %d samples present, %d correct; the pool says %d and %d", p.Set, p.Cell, present, correct, p.Samples, p.Correct)
	}
	if cellNamed(t, r, p.Cell).Kind == "ensemble" {
		checkMembers(t, r, o)
	}
}

func checkMembers(t *testing.T, r *Results, o *Outcomes) {
	t.Helper()
	members := map[string]*Outcomes{}
	for p, pr := range o.Problems {
		for _, s := range pr.Samples {
			m := members[s.Cell]
			if m == nil {
				m = problemsOf(t, r, o.Set, s.Cell)
				members[s.Cell] = m
			}
			ms := m.Problems[p].Samples[s.Sample]
			if ms.Present != s.Present || ms.Answer != s.Answer || ms.Key != s.Key || ms.Correct != s.Correct || ms.Index != s.Sample {
				t.Fatalf("%s / %s: problem %s sample %d is %+v, member sample %+v", o.Set, o.Cell, pr.ID, s.Index, s, ms)
			}
		}
	}
	if len(members) != len(cellNamed(t, r, o.Cell).Members) {
		t.Errorf("%s / %s: samples come from %d cells, the ensemble has %d members", o.Set, o.Cell, len(members), len(cellNamed(t, r, o.Cell).Members))
	}
}

// problemsOf returns the outcomes of a cell's first entry on set.
func problemsOf(t *testing.T, r *Results, set, cell string) *Outcomes {
	t.Helper()
	for _, e := range r.Grid {
		if e.Set == set && e.Cell == cell {
			o, err := r.Problems(set, cell, e.Setting)
			if err != nil {
				t.Fatal(err)
			}
			return o
		}
	}
	t.Fatalf("no entry of %s on %s", cell, set)
	return nil
}

func cellNamed(t *testing.T, r *Results, name string) CellInfo {
	t.Helper()
	for _, c := range r.Cells {
		if c.Name == name {
			return c
		}
	}
	t.Fatalf("no cell %s", name)
	return CellInfo{}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestProblemsRefusesWhatWasNotEvaluated(t *testing.T) {
	r := quickstart(t).evaluate(t)
	e := r.Grid[0]
	blob, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var read Results
	if err := json.Unmarshal(blob, &read); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, set, cell, setting, want string
		r                              *Results
	}{
		{"unknown set", "nope", e.Cell, e.Setting, "set nope was not evaluated", r},
		{"unknown cell", e.Set, "nope", e.Setting, "no cell or ensemble nope", r},
		{"unknown setting", e.Set, e.Cell, "nope@3", "was not evaluated under nope@3", r},
		{"results read from JSON", e.Set, e.Cell, e.Setting, "carry no graded samples", &read},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.r.Problems(tc.set, tc.cell, tc.setting)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want one saying %q", err, tc.want)
			}
		})
	}
}
