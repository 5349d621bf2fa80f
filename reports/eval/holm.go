package eval

import (
	"cmp"
	"slices"

	"github.com/aimo-dev/aimo/reports/stats"
)

// holmTable counts a family's p-values by distinct McNemar table. Holm's
// adjusted value of a hypothesis is the running maximum, up to its rank, of
// (m − rank)·p over the sorted p-values; among equal p-values the first rank
// gives the largest term, so every hypothesis sharing a p-value gets the
// same adjusted value, and counts per distinct value are all the step-down
// needs. The result equals stats.Holm on the full list.
type holmTable struct {
	index  map[[2]int]int // (min(wins, losses), wins+losses) → distinct value
	p      []float64
	counts []int
}

// add counts one comparison with the given discordant counts and returns
// its distinct value's index.
func (h *holmTable) add(wins, losses int) int {
	if h.index == nil {
		h.index = map[[2]int]int{}
	}
	key := [2]int{min(wins, losses), wins + losses}
	d, ok := h.index[key]
	if !ok {
		d = len(h.p)
		h.index[key] = d
		h.p = append(h.p, stats.McNemarExact(wins, losses))
		h.counts = append(h.counts, 0)
	}
	h.counts[d]++
	return d
}

// adjusted returns the Holm-adjusted value of each distinct p-value in a
// family of m.
func (h *holmTable) adjusted(m int) []float64 {
	order := make([]int, len(h.p))
	for d := range order {
		order[d] = d
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(h.p[a], h.p[b]) })
	adj := make([]float64, len(h.p))
	running, rank := 0.0, 0
	for _, d := range order {
		running = max(running, min(1, float64(m-rank)*h.p[d]))
		adj[d] = running
		rank += h.counts[d]
	}
	return adj
}
