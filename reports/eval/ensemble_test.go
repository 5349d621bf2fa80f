package eval

import (
	"path/filepath"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

// The GSM8K example pools four GPT-3 systems, one sample each; each ensemble
// must be reported like a cell, with every member's samples in its pool.
func TestEnsemblePoolsItsMembers(t *testing.T) {
	s, err := runSweep(filepath.Join(testkit.RepoRoot(t), "experiments", "gsm8k-ensemble.jsonnet"), filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	r := s.evaluate(t)
	members := map[string]int{}
	for _, c := range r.Cells {
		if c.Kind == "ensemble" {
			members[c.Name] = len(c.Members)
		}
	}
	if members["all4"] != 4 || members["weighted"] != 4 {
		t.Fatalf("ensemble members %v, want 4 in all4 and in weighted", members)
	}
	var ens *Pool
	sum, missing := 0, 0
	for i, p := range r.Pools {
		switch p.Cell {
		case "all4":
			ens = &r.Pools[i]
		case "weighted":
		default:
			sum, missing = sum+p.Samples, missing+p.Missing
		}
	}
	if ens == nil || ens.Samples != sum || ens.Missing != missing || sum != 800 {
		t.Fatalf("ensemble pool %+v, want the members' %d samples (800) and %d missing", ens, sum, missing)
	}
	var found bool
	for _, e := range r.Grid {
		if e.Cell == "all4" {
			found = true
			if e.Problems != 200 || e.MeanUsed != 4 {
				t.Errorf("all4 entry: %d problems, %.2f samples used; want 200 and 4", e.Problems, e.MeanUsed)
			}
		}
	}
	if !found {
		t.Error("no grid entry for the all4 ensemble")
	}
}
