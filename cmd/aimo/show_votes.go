package main

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
)

// shownProblem is the problem aimo show prints: its cached samples and each
// sample as grading saw it.
type shownProblem struct {
	item    runner.ItemSamples
	integer bool
	samples []eval.SampleResult
}

// shownVote is the problem's vote under one voting setting.
type shownVote struct {
	setting string
	res     eval.ProblemResult
}

// showVotes evaluates the cell's pool on the item's set, exactly as aimo
// eval does (the confidence signal and the read order are properties of the
// whole pool, so every problem of the cell on that set is read), and
// returns the item's samples and its vote under every setting of the grid.
func showVotes(sw *runner.Sweep, store *cache.Store, it *runner.Item) (shownProblem, []shownVote, error) {
	var items []runner.Item
	at := 0
	for _, x := range sw.Items {
		if x.Cell == it.Cell && x.Set == it.Set {
			if x.Problem.ID == it.Problem.ID {
				at = len(items)
			}
			items = append(items, x)
		}
	}
	got, _, err := runner.Collect(store, items)
	if err != nil {
		return shownProblem{}, nil, err
	}
	pr := shownProblem{item: got[at]}
	res, err := eval.Evaluate(sw.Exp, sw.Plan, sw.Catalog, got)
	if err != nil {
		return pr, nil, err
	}
	for _, s := range res.Sets {
		pr.integer = pr.integer || s.Name == it.Set && s.Integer
	}
	cell := sw.Plan.Cells[it.Cell].Name
	var votes []shownVote
	for _, st := range res.Settings {
		out, err := res.Problems(it.Set, cell, st.Name)
		if err != nil {
			return pr, nil, err
		}
		for _, p := range out.Problems {
			if p.ID == it.Problem.ID {
				votes = append(votes, shownVote{setting: st.Name, res: p})
				pr.samples = p.Samples
			}
		}
	}
	return pr, votes, nil
}

// sampleVerdict is what grading made of sample s: the extracted answer,
// whether it abstains (extracted, but not a valid answer on the set), and
// whether it is right.
func sampleVerdict(pr shownProblem, s int) string {
	if s >= len(pr.samples) {
		return "not graded"
	}
	sr := pr.samples[s]
	abstains := ""
	if sr.Answer != "" && !sr.Valid() {
		abstains = ", abstains: no comparable form"
		if pr.integer {
			abstains = ", abstains: not an integer in the set's range"
		}
	}
	return fmt.Sprintf("extracted %q%s, correct %v", terminalSafe(sr.Answer), abstains, sr.Correct)
}

// writeVotes prints the problem's vote under every setting, as aimo eval
// counted it.
func writeVotes(w io.Writer, votes []shownVote) {
	if len(votes) == 0 {
		return
	}
	fmt.Fprintln(w, "\n=== votes, as aimo eval counts them (method@k votes on samples 0 to k-1)")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "setting\tanswer\tcorrect\tagreement\tread\ttie")
	for _, v := range votes {
		answer := terminalSafe(v.res.Answer)
		if v.res.NoAnswer {
			answer = "(none)"
		}
		tie := ""
		if v.res.Tie {
			tie = "tie"
		}
		fmt.Fprintf(tw, "%s\t%s\t%v\t%.2f\t%d\t%s\n", v.setting, answer, v.res.Correct, v.res.Share, v.res.Used, tie)
	}
	tw.Flush()
}
