package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/urfave/cli/v2"
)

func showCommand() *cli.Command {
	return &cli.Command{
		Name:      "show",
		Usage:     "print one cell's prompt for a problem, every cached sample, what was extracted and how each voting setting voted",
		ArgsUsage: "EXPERIMENT.jsonnet",
		Flags: append(experimentFlags(), cacheFlag(),
			&cli.StringFlag{Name: "cell", Usage: "cell `NAME` (as aimo plan lists them); default the first"},
			&cli.StringFlag{Name: "problem", Required: true, Usage: "problem `ID`"},
			&cli.IntFlag{Name: "sample", Usage: "print only sample `N` (0-based), in full, without the prompt"},
		),
		Action: showAction,
	}
}

func showAction(c *cli.Context) error {
	sw, err := prepareSweep(c)
	if err != nil {
		return err
	}
	it, err := findItem(sw, c.String("cell"), c.String("problem"))
	if err != nil {
		return err
	}
	only := -1
	if c.IsSet("sample") {
		only = c.Int("sample")
		if n := it.NumSamples(); only < 0 || only >= n {
			return usagef("--sample %d: cell %s has samples 0 to %d", only, sw.Plan.Cells[it.Cell].Name, n-1)
		}
	}
	store, err := openExistingCache(c, c.Args().First())
	if err != nil {
		return err
	}
	defer store.Close()
	pr, votes, err := showVotes(sw, store, it)
	if err != nil {
		return err
	}
	if err := writeAdapter(c.App.Writer, sw, store, sw.Plan.Cells[it.Cell].Adapter); err != nil {
		return err
	}
	writeShow(c.App.Writer, sw, pr, only)
	writeVotes(c.App.Writer, votes)
	return nil
}

func findItem(sw *runner.Sweep, cell, problem string) (*runner.Item, error) {
	if cell == "" && len(sw.Plan.Cells) > 0 {
		cell = sw.Plan.Cells[0].Name
	}
	var cells []string
	for i := range sw.Items {
		it := &sw.Items[i]
		name := sw.Plan.Cells[it.Cell].Name
		if name == cell && it.Problem.ID == problem {
			return it, nil
		}
	}
	for _, c := range sw.Plan.Cells {
		cells = append(cells, c.Name)
		if c.Name == cell {
			return nil, usagef("cell %s has no problem %q in the evaluated sets", cell, problem)
		}
	}
	if _, ok := sw.Exp.Ensembles[cell]; ok {
		// An ensemble pools its members' samples and has none of its own.
		return nil, usagef("%q is an ensemble, which generates nothing itself; show one of its members with --cell (cells: %s)", cell, strings.Join(cells, ", "))
	}
	return nil, usagef("no cell %q; cells: %s", cell, strings.Join(cells, ", "))
}

// writeShow prints the problem, its prompt and every sample (only sample
// only when it is not -1) with the answer grading extracted from it.
func writeShow(w io.Writer, sw *runner.Sweep, pr shownProblem, only int) {
	it := pr.item.Item
	fmt.Fprintf(w, "cell %s, problem %s (%s), gold %s\n", sw.Plan.Cells[it.Cell].Name, it.Problem.ID, it.Problem.Source, it.Problem.Answer)
	if only < 0 {
		fmt.Fprintln(w)
		if it.Prompt.Messages == nil {
			fmt.Fprintf(w, "--- prompt\n%s\n", it.Prompt.Text)
		}
		for _, m := range it.Prompt.Messages {
			fmt.Fprintf(w, "--- %s\n%s\n", m.Role, terminalSafe(m.Content))
		}
	}
	for s, row := range pr.item.Samples {
		if only >= 0 && s != only {
			continue
		}
		if row == nil {
			fmt.Fprintf(w, "\n=== sample %d: not in the cache\n", s)
			continue
		}
		c := row.Completion
		fmt.Fprintf(w, "\n=== sample %d: %s%s%s\n", s, sampleVerdict(pr, s), sampleSignals(c), toolSummary(c.ToolTurns))
		if c.ToolTurns != nil {
			writeConversation(w, c.ToolTurns)
			continue
		}
		fmt.Fprintf(w, "%s\n", terminalSafe(c.Text))
	}
}

// sampleSignals lists what the cache recorded of a sample beyond its text:
// its length and time, and the reward score and mean token entropy the
// weighted votes read. What was not recorded (a replayed sample has no
// tokens or time) is left out rather than printed as 0.
func sampleSignals(c backends.Completion) string {
	var b strings.Builder
	if c.CompletionTokens > 0 {
		fmt.Fprintf(&b, ", %d tokens", c.CompletionTokens)
	}
	if c.LatencyS > 0 {
		fmt.Fprintf(&b, ", %.2fs", c.LatencyS)
	}
	if c.Score != nil {
		fmt.Fprintf(&b, ", reward score %.3g", *c.Score)
	}
	if c.MeanEntropy != nil {
		fmt.Fprintf(&b, ", mean entropy %.3g", *c.MeanEntropy)
	}
	return b.String()
}

// writeAdapter says which adapter a cell's generations came from: where it
// is and what its training measured.
func writeAdapter(w io.Writer, sw *runner.Sweep, store *cache.Store, name string) error {
	for _, t := range sw.Plan.Trainings {
		if t.Name != name {
			continue
		}
		rec, err := store.GetAdapter(t.ID)
		if err != nil {
			return err
		}
		if rec == nil {
			fmt.Fprintf(w, "adapter %s (id %s): not trained yet\n", name, t.ID)
			return nil
		}
		m, err := runner.AdapterMetrics(rec)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "adapter %s (id %s): r=%d alpha=%d lr=%g on %s, %d steps in %.0fs, trained %s\n  %s\n",
			name, t.ID, t.R, t.Alpha, t.LR, t.Train, m.Steps, m.WallS, rec.Created.Format("2006-01-02 15:04 UTC"), rec.Path)
		if m.InitialEvalLoss != nil && m.FinalEvalLoss != nil {
			fmt.Fprintf(w, "  validation loss %.4f -> %.4f (best step %d)\n", *m.InitialEvalLoss, *m.FinalEvalLoss, deref(m.BestStep))
		}
		fmt.Fprintln(w)
	}
	return nil
}

func deref(p *int) int {
	if p == nil {
		return 0
	}
	return *p
}

// terminalSafe shows control characters of untrusted text (model output,
// dataset rows) as Go escapes, so an ANSI sequence in a completion cannot
// recolour, move or clear the user's terminal. Newlines and tabs stay.
func terminalSafe(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			fmt.Fprintf(&b, "\\x%02x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
