package eval

import (
	"slices"

	"github.com/aimo-dev/aimo/reports/stats"
)

// alpha is the family-wise significance level of the comparisons.
const alpha = 0.05

// compare ranks each set's entries and compares every entry with the set's
// best on the same problems: exact McNemar and a paired bootstrap, both
// Holm-corrected across the set's grid.
func (ev *evaluation) compare() {
	for _, idx := range ev.bySet() {
		rank(ev.res.Grid, idx)
		best := &ev.res.Grid[idx[0]]
		var pm, pb []float64
		for _, i := range idx[1:] {
			e := &ev.res.Grid[i]
			e.VsBest = pairWith(e, best)
			pm, pb = append(pm, e.VsBest.P), append(pb, e.VsBest.BootstrapP)
		}
		am, ab := stats.Holm(pm), stats.Holm(pb)
		for j, i := range idx[1:] {
			c := ev.res.Grid[i].VsBest
			c.PAdj, c.BootstrapPAdj = am[j], ab[j]
			c.Significant = c.PAdj < alpha
		}
	}
}

// bySet returns the grid positions of each set's entries, set by set.
func (ev *evaluation) bySet() [][]int {
	pos := map[string]int{}
	out := make([][]int, len(ev.sets))
	for si, s := range ev.sets {
		pos[s.Name] = si
	}
	for i, e := range ev.res.Grid {
		out[pos[e.Set]] = append(out[pos[e.Set]], i)
	}
	return out
}

// rank orders idx best first (higher accuracy, then fewer samples used,
// then grid order) and numbers the entries.
func rank(grid []Entry, idx []int) {
	slices.SortStableFunc(idx, func(a, b int) int {
		x, y := &grid[a], &grid[b]
		switch {
		case x.Accuracy != y.Accuracy:
			return cmpDesc(x.Accuracy, y.Accuracy)
		case x.MeanUsed != y.MeanUsed:
			return -cmpDesc(x.MeanUsed, y.MeanUsed)
		}
		return x.order - y.order
	})
	for r, i := range idx {
		grid[i].Rank = r + 1
	}
}

func cmpDesc(a, b float64) int {
	if a > b {
		return -1
	}
	return 1
}

// pairWith compares e with best problem by problem.
func pairWith(e, best *Entry) *Comparison {
	c := &Comparison{Best: best.Cell + " / " + best.Setting, Delta: e.Accuracy - best.Accuracy}
	for p, ok := range e.solved {
		switch {
		case ok && !best.solved[p]:
			c.Wins++
		case !ok && best.solved[p]:
			c.Losses++
		}
	}
	c.P = stats.McNemarExact(c.Wins, c.Losses)
	c.DeltaCI, c.BootstrapP = pairedBootstrap(c.Wins, c.Losses, e.Problems, stats.PairedConfidence)
	return c
}
