package eval

import (
	"path/filepath"
	"testing"
)

// The voting-grid example pools four GPT-3 systems on GSM8K; the ensemble
// must be reported like a cell, with every member's samples in its pool.
func TestVotingGridEnsemblePoolsItsMembers(t *testing.T) {
	s, err := runSweep(filepath.Join(repoRoot(t), "experiments", "voting-grid.jsonnet"), filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	r := s.evaluate(t)
	var members int
	for _, c := range r.Cells {
		if c.Kind == "ensemble" {
			members = len(c.Members)
		}
	}
	if members != 4 {
		t.Fatalf("ensemble gpt3 has %d members, want 4", members)
	}
	var ens *Pool
	sum, missing := 0, 0
	for i, p := range r.Pools {
		switch {
		case p.Set != "gsm8k200":
		case p.Cell == "gpt3":
			ens = &r.Pools[i]
		case p.Cell != "qwen":
			sum, missing = sum+p.Samples, missing+p.Missing
		}
	}
	if ens == nil || ens.Samples != sum || ens.Missing != missing {
		t.Fatalf("ensemble pool %+v, want %d samples and %d missing pooled from its members", ens, sum, missing)
	}
	if e := findEntry(t, r, "gsm8k200", "majority@32"); e.Cell != "gpt3" || e.Problems == 0 {
		t.Errorf("ensemble entry = %s with %d problems", e.Cell, e.Problems)
	}
}
