package vote

// enumerated is the reference maj@k curve: a majority vote on every
// k-subset of the pool, listed in lexicographic order, each kept in pool
// order. It costs 2^n votes, so the tests use it up to 16 samples.
func enumerated(pool []Sample, gold string) []float64 {
	n := len(pool)
	curve := make([]float64, n)
	idx := make([]int, n)
	sub := make([]Sample, n)
	var t Tally
	for k := 1; k <= n; k++ {
		for j := range k {
			idx[j] = j
		}
		hits, total := 0, 0
		for {
			for j, i := range idx[:k] {
				sub[j] = pool[i]
			}
			if res, _ := t.Vote("majority", sub[:k], Options{}); !res.NoAnswer() && res.Key == gold {
				hits++
			}
			total++
			j := k - 1
			for j >= 0 && idx[j] == n-k+j {
				j--
			}
			if j < 0 {
				break
			}
			idx[j]++
			for l := j + 1; l < k; l++ {
				idx[l] = idx[l-1] + 1
			}
		}
		curve[k-1] = float64(hits) / float64(total)
	}
	return curve
}
