package render

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/reports/eval"
)

// TestSelectedEnsembleShowsItsMembersSamples selects each ensemble of the
// GSM8K example in turn: the drill-down must show, problem by problem, the
// members' cached texts in member order, and the outcomes must add up to
// the leaderboard's count.
func TestSelectedEnsembleShowsItsMembersSamples(t *testing.T) {
	in := sweep(t, filepath.Join(testkit.RepoRoot(t), "experiments", "gsm8k-ensemble.jsonnet"))
	for _, e := range in.Results.Grid {
		info, _ := cellInfo(in.Results.Cells, e.Cell)
		if info.Kind != "ensemble" {
			continue
		}
		t.Run(e.Cell, func(t *testing.T) {
			r := *in.Results
			r.Selection = &eval.Selection{On: e.Set, Winner: eval.Pick{Cell: e.Cell, Setting: e.Setting}}
			sel := in
			sel.Results = &r
			rep, err := Build(sel)
			if err != nil {
				t.Fatal(err)
			}
			if sp := rep.Doc.Selected.Splits[0]; sp.Correct != e.Correct {
				t.Errorf("the drill-down's set has %d correct, the leaderboard %d", sp.Correct, e.Correct)
			}
			want := memberTexts(&in, e.Set, info)
			for _, v := range rep.drill {
				var got []string
				for _, s := range v.Samples {
					got = append(got, s.Text)
				}
				if !slices.Equal(got, want[v.ID]) {
					t.Fatalf("problem %s shows %q, want the members' texts %q", v.ID, got, want[v.ID])
				}
			}
		})
	}
}

// memberTexts lists each problem's cached texts of the ensemble's members,
// member by member in sample order.
func memberTexts(in *Input, set string, info eval.CellInfo) map[string][]string {
	out := map[string][]string{}
	for _, m := range info.Members {
		for _, is := range in.Samples {
			if is.Item.Set != set || in.Plan.Cells[is.Item.Cell].Name != m.Cell {
				continue
			}
			for _, row := range is.Samples {
				text := ""
				if row != nil && !row.Failed() {
					text = row.Completion.Text
				}
				out[is.Item.Problem.ID] = append(out[is.Item.Problem.ID], text)
			}
		}
	}
	return out
}
