package eval

import (
	"strconv"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// tinySweep is one cell on one set "s": answers[p][i] is sample i's
// boxed answer to problem p ("" for a sample with no answer), gold[p] the
// problem's answer, and latency[p][i] its recorded finishing time (nil: none).
func tinySweep(answers [][]string, gold []string, latency [][]float64, v lang.Voting) *sweep {
	set := &dataset.Set{Name: "s"}
	for p, g := range gold {
		set.Problems = append(set.Problems, dataset.Problem{ID: strconv.Itoa(p), Answer: g})
	}
	n := len(answers[0])
	e := &lang.Experiment{Name: "tiny", Samples: n, Evaluate: []string{"s"}, Voting: v}
	plan := &runner.Plan{Sets: []runner.SetCount{{Name: "s", Problems: len(gold)}},
		Cells: []runner.Cell{{Name: "c", Samples: n}}}
	var items []runner.ItemSamples
	for p, prob := range set.Problems {
		is := runner.ItemSamples{Item: &runner.Item{Cell: 0, Set: "s", Problem: prob}, Samples: make([]*cache.Row, n)}
		for i, a := range answers[p] {
			text := "No idea."
			if a != "" {
				text = "So it is $\\boxed{" + a + "}$."
			}
			row := &cache.Row{Completion: backends.Completion{Text: text}}
			if latency != nil {
				row.Completion.LatencyS = latency[p][i]
			}
			is.Samples[i] = row
		}
		items = append(items, is)
	}
	return &sweep{exp: e, plan: plan, cat: dataset.NewCatalog(set), samples: items}
}

// entryOf returns the grid entry of setting name.
func entryOf(r *Results, setting string) *Entry {
	for i := range r.Grid {
		if r.Grid[i].Setting == setting {
			return &r.Grid[i]
		}
	}
	return nil
}
