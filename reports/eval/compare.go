package eval

import (
	"math/bits"
	"runtime"
	"slices"
	"sync"

	"github.com/aimo-dev/aimo/reports/stats"
)

// alpha is the family-wise significance level of the comparisons.
const alpha = 0.05

// compare ranks each set's entries and compares every entry with the set's
// best on the same problems. The best is chosen by the data, so testing each
// entry against it alone, with a correction for those tests only, lets a
// star appear by chance more often than alpha. The family corrected for is
// therefore every pair of the set's entries: exact McNemar tests, Holm's
// step-down over all of them, so the chance of any false star stays below
// alpha whichever entry the data crowned.
func (ev *evaluation) compare() {
	for si, idx := range ev.bySet() {
		rank(ev.res.Grid, idx)
		fam := pairwise(ev.res.Grid, idx)
		ev.res.Sets[si].Comparisons, ev.res.Sets[si].Correction = fam.size, fam.method
		best := &ev.res.Grid[idx[0]]
		parallel(len(idx)-1, func(r int) {
			e := &ev.res.Grid[idx[r+1]]
			c := pairWith(e, best)
			c.PAdj = fam.adjusted[r]
			c.BootstrapPAdj = min(1, float64(fam.size)*c.BootstrapP)
			c.Significant = c.PAdj < alpha
			e.VsBest = c
		})
	}
}

// parallel runs f(0..n-1) on every CPU.
func parallel(n int, f func(i int)) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				f(i)
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

// family is the adjusted McNemar p-values of a set's comparisons with its
// best entry, adjusted over all pairs of entries.
type family struct {
	size     int
	method   string    // "holm", or "bonferroni" for sets too large to test every pair
	adjusted []float64 // adjusted[r] is for the entry ranked r+2
}

// maxHolmEntries bounds the sets whose every pair is tested (12.5 million
// pairs). A larger set is corrected with Bonferroni over all its pairs,
// which needs only the pairs with the best and holds the same error rate,
// at some cost in power.
const maxHolmEntries = 5000

// pairwise tests every pair of the entries at idx (best first) and returns
// the Holm-adjusted p-values of the pairs with the best. Solved flags become
// bit sets, so a pair costs one pass over machine words; McNemar's test is
// computed once per distinct table, and Holm's step-down runs over the
// distinct p-values with their counts (see holmTable), so no list of every
// pair is kept or sorted.
func pairwise(grid []Entry, idx []int) family {
	e := len(idx)
	if e < 2 {
		return family{}
	}
	size := e * (e - 1) / 2
	if e > maxHolmEntries {
		adj := make([]float64, e-1)
		for r, i := range idx[1:] {
			w, l := discordantFlags(grid[i].solved, grid[idx[0]].solved)
			adj[r] = min(1, float64(size)*stats.McNemarExact(w, l))
		}
		return family{size: size, method: "bonferroni", adjusted: adj}
	}
	sets := make([][]uint64, e)
	for j, i := range idx {
		sets[j] = bitset(grid[i].solved)
	}
	var h holmTable
	best := make([]int, e-1) // the distinct p-value of each pair with the best
	for a := range e {
		for b := a + 1; b < e; b++ {
			d := h.add(discordant(sets[a], sets[b]))
			if a == 0 {
				best[b-1] = d
			}
		}
	}
	adj := h.adjusted(size)
	out := make([]float64, e-1)
	for r, d := range best {
		out[r] = adj[d]
	}
	return family{size: size, method: "holm", adjusted: out}
}

// bitset packs solved flags into words.
func bitset(solved []bool) []uint64 {
	out := make([]uint64, (len(solved)+63)/64)
	for p, ok := range solved {
		if ok {
			out[p/64] |= 1 << (p % 64)
		}
	}
	return out
}

// discordant counts the problems a solves and b does not, and the reverse.
func discordant(a, b []uint64) (wins, losses int) {
	for w := range a {
		wins += bits.OnesCount64(a[w] &^ b[w])
		losses += bits.OnesCount64(b[w] &^ a[w])
	}
	return wins, losses
}

// discordantFlags is discordant on unpacked flags.
func discordantFlags(a, b []bool) (wins, losses int) {
	for p := range a {
		switch {
		case a[p] && !b[p]:
			wins++
		case b[p] && !a[p]:
			losses++
		}
	}
	return wins, losses
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
	c.Wins, c.Losses = discordantFlags(e.solved, best.solved)
	c.P = stats.McNemarExact(c.Wins, c.Losses)
	c.DeltaCI, c.BootstrapP = pairedBootstrap(c.Wins, c.Losses, e.Problems, stats.PairedConfidence)
	return c
}
