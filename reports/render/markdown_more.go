package render

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/aimo-dev/aimo/reports/eval"
)

func (rep *Report) mdVoting(w io.Writer) {
	t := rep.Doc.votingGrid()
	if t == nil {
		return
	}
	fmt.Fprintf(w, "## Voting methods × k: %s on %s\n\n| method | k=%s |\n|---|%s\n", mdText(t.Cell), mdText(t.Set),
		strings.Join(t.Cols, " | k="), strings.Repeat("--:|", len(t.Cols)))
	for r, row := range t.Rows {
		cells := make([]string, len(t.Cols))
		for c, a := range t.Acc[r] {
			cells[c] = "–"
			if !math.IsNaN(a) {
				cells[c] = pct(a)
			}
		}
		fmt.Fprintf(w, "| %s | %s |\n", mdText(row), strings.Join(cells, " | "))
	}
	fmt.Fprintln(w)
}

// chosenKs are the k values the curves table shows: the voting grid's k
// values within the curve, or 1 and the largest k without a grid.
func chosenKs(d *Document, length int) []int {
	var ks []int
	for _, s := range d.Settings {
		if s.K <= length && !containsInt(ks, s.K) {
			ks = append(ks, s.K)
		}
	}
	if len(ks) == 0 && length > 0 {
		ks = []int{1, length}
	}
	return ks
}

func containsInt(list []int, v int) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

func (rep *Report) mdCurves(w io.Writer) {
	d := rep.Doc
	rows := d.curveRows()
	if len(rows) == 0 {
		return
	}
	many := d.multiSample()
	fmt.Fprint(w, "## k-curves\n\n")
	if many {
		fmt.Fprintf(w, "%s\n\n", mdText(curvesNote))
		fmt.Fprint(w, "| set | cell | k | maj@k | pass@k | avg@k | G-Pass@k τ=0.5 | G-Pass@k τ=1 | mG-Pass@k | notes |\n|---|---|--:|--:|--:|--:|--:|--:|--:|---|\n")
	} else {
		fmt.Fprint(w, "One sample per problem: maj@1 and pass@1 are its accuracy.\n\n")
		fmt.Fprint(w, "| set | cell | k | maj@k | pass@k | notes |\n|---|---|--:|--:|--:|---|\n")
	}
	for _, r := range rows {
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s |", r.Set, mdText(r.Cell), r.K, pctOrDash(r.Maj), pct(r.Pass))
		if many {
			fmt.Fprintf(w, " %s | %s | %s | %s |", pctOrDash(r.Avg), pctOrDash(r.GHalf), pctOrDash(r.GAll), pctOrDash(r.MG))
		}
		fmt.Fprintf(w, " %s |\n", marks(r.Notes))
	}
	fmt.Fprintln(w)
	for _, p := range d.Pools {
		if len(chosenKs(d, len(p.PassAtK))) == 0 {
			continue
		}
		a := p.SampleAccuracy
		fmt.Fprintf(w, "- %s, %s: one sample is right %s of the time %s (cluster-aware Wilson interval: problems, and samples within them)\n",
			mdText(p.Set), mdText(p.Cell), pct(a.Estimate), interval(a.Lo, a.Hi))
	}
	fmt.Fprintln(w)
}

// pctOrDash prints a missing value as a dash.
func pctOrDash(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	return pct(x)
}

func (rep *Report) mdGroups(w io.Writer) {
	ranked := rep.Doc.ranked(rep.Doc.selectionSet())
	if len(ranked) == 0 {
		return
	}
	e := ranked[0]
	for _, g := range []struct {
		title string
		list  []eval.Group
	}{{"subject", e.BySubject}, {"level", e.ByLevel}} {
		if len(g.list) == 0 {
			continue
		}
		fmt.Fprintf(w, "## By %s: %s with %s on %s\n\n| %s | problems | correct | accuracy | interval |\n|---|--:|--:|--:|---|\n",
			g.title, mdText(e.Cell), mdText(e.Setting), mdText(e.Set), g.title)
		for _, gr := range g.list {
			fmt.Fprintf(w, "| %s | %d | %d | %s | %s |\n", mdText(gr.Name), gr.Problems, gr.Correct, pct(gr.Accuracy), interval(gr.Wilson.Lo, gr.Wilson.Hi))
		}
		fmt.Fprintln(w)
	}
}

func (rep *Report) mdCost(w io.Writer) {
	d := rep.Doc
	if len(d.Cost) == 0 {
		return
	}
	fmt.Fprint(w, "## Cost\n\nFrom the cached completions: all samples of each cell, before voting.")
	if rep.costNote != 0 {
		fmt.Fprint(w, marks([]int{rep.costNote}))
	}
	fmt.Fprint(w, "\n\n| set | cell | samples | tokens/sample | tokens/problem | seconds/problem |\n|---|---|--:|--:|--:|--:|\n")
	for _, c := range d.Cost {
		fmt.Fprintf(w, "| %s | %s | %d | %s | %s | %s |\n", c.Set, mdText(c.Cell), c.Samples,
			orDash(c.Tokened, c.TokensPerSample, 0), orDash(c.Tokened, c.TokensPerProblem, 0), orDash(c.Timed, c.SecondsPerProblem, 1))
	}
	fmt.Fprintln(w)
}

func (rep *Report) mdTools(w io.Writer) {
	if len(rep.Doc.Tools) == 0 {
		return
	}
	fmt.Fprint(w, "## Tools\n\nThe code the models ran, from the cached conversations: calls, failed calls (an exception, a timeout, an unknown tool) and the time the code ran.\n\n")
	fmt.Fprint(w, "| set | cell | samples | calls | calls/sample | errors | error rate | seconds in tools/sample |\n|---|---|--:|--:|--:|--:|--:|--:|\n")
	for _, u := range rep.Doc.Tools {
		fmt.Fprintf(w, "| %s | %s | %d | %d | %.1f | %d | %s | %.2f |\n", u.Set, mdText(u.Cell), u.Samples, u.Calls,
			u.CallsPerSample, u.Errors, pct(u.ErrorRate), u.SecondsPerSample)
	}
	fmt.Fprintln(w)
}

func orDash(n int, v float64, prec int) string {
	if n == 0 {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

func (rep *Report) mdFootnotes(w io.Writer) {
	if len(rep.Doc.Footnotes) == 0 {
		return
	}
	fmt.Fprint(w, "## Notes\n\n")
	for _, f := range rep.Doc.Footnotes {
		fmt.Fprintf(w, "[%d] %s\n\n", f.N, mdText(f.Text))
	}
}
