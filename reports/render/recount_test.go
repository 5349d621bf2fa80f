package render

import (
	"path/filepath"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

// TestRecountMatchesEval re-votes every entry of the voting-grid example
// (seven methods, early stopping) and the GSM8K ensemble example problem by
// problem and requires eval's correct count: report --check and the
// drill-down rely on this package grading and voting exactly as eval does.
func TestRecountMatchesEval(t *testing.T) {
	checked := map[string]bool{}
	for _, file := range []string{"voting-grid.jsonnet", "gsm8k-ensemble.jsonnet"} {
		t.Run(file, func(t *testing.T) { recountAll(t, file, checked) })
	}
	if !checked["cell"] || !checked["ensemble"] {
		t.Errorf("checked kinds %v, want cells and an ensemble", checked)
	}
}

func recountAll(t *testing.T, file string, checked map[string]bool) {
	in := sweep(t, filepath.Join(testkit.RepoRoot(t), "experiments", file))
	ix := newIndex(&in)
	for _, e := range in.Results.Grid {
		info, ok := cellInfo(in.Results, e.Cell)
		if !ok {
			t.Fatalf("no cell %s", e.Cell)
		}
		pl, err := ix.pool(info, e.Set)
		if err != nil {
			t.Fatal(err)
		}
		votes, err := recount(pl, settingOf(in.Results, info, e.Setting, pl))
		if err != nil {
			t.Fatal(err)
		}
		if got := split("selection", pl, votes, in.Results.Confidence).Correct; got != e.Correct {
			t.Errorf("%s / %s / %s: recount %d correct, eval %d", e.Set, e.Cell, e.Setting, got, e.Correct)
		}
		checked[info.Kind] = true
	}
}
