package stats

import "slices"

// Holm returns Holm–Bonferroni adjusted p-values in the order of p. A
// hypothesis is rejected at family-wise level alpha exactly when its adjusted
// p-value is ≤ alpha. The adjustment is R's p.adjust(method = "holm"): sort
// ascending, multiply the i-th smallest (0-based) by m−i, cap at 1, and carry the
// running maximum so adjusted values keep the order of the raw ones. Equal raw
// p-values are ordered by position so the result is deterministic.
func Holm(p []float64) []float64 {
	m := len(p)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case p[a] < p[b]:
			return -1
		case p[a] > p[b]:
			return 1
		}
		return 0
	})
	adj := make([]float64, m)
	running := 0.0
	for rank, i := range order {
		v := min(1, float64(m-rank)*p[i])
		running = max(running, v)
		adj[i] = running
	}
	return adj
}
