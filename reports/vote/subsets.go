package vote

import (
	"math/rand/v2"
	"slices"
)

// subsetVoter votes on k-subsets of a pool, reusing its buffers.
type subsetVoter struct {
	method string
	pool   []Sample
	gold   string
	sub    []Sample
	idx    []int
	tally  Tally
}

// hit votes on the samples at idx[:k] and reports whether gold won.
func (s *subsetVoter) hit(k int) bool {
	for j, i := range s.idx[:k] {
		s.sub[j] = s.pool[i]
	}
	res, _ := s.tally.Vote(s.method, s.sub[:k], Options{})
	return !res.NoAnswer() && res.Key == s.gold
}

// exact averages over all k-subsets in lexicographic order.
func (s *subsetVoter) exact(k int) float64 {
	n := len(s.pool)
	for j := range k {
		s.idx[j] = j
	}
	hits, total := 0, 0
	for {
		if s.hit(k) {
			hits++
		}
		total++
		j := k - 1
		for j >= 0 && s.idx[j] == n-k+j {
			j--
		}
		if j < 0 {
			return float64(hits) / float64(total)
		}
		s.idx[j]++
		for l := j + 1; l < k; l++ {
			s.idx[l] = s.idx[l-1] + 1
		}
	}
}

// sampled averages over draws uniform k-subsets: a partial Fisher–Yates shuffle
// of a permutation, sorted back into pool order.
func (s *subsetVoter) sampled(k, draws int, r *rand.Rand) float64 {
	n := len(s.pool)
	perm := make([]int, n)
	for i := range perm {
		perm[i] = i
	}
	hits := 0
	for range draws {
		for j := range k {
			m := j + r.IntN(n-j)
			perm[j], perm[m] = perm[m], perm[j]
		}
		copy(s.idx, perm[:k])
		slices.Sort(s.idx[:k])
		if s.hit(k) {
			hits++
		}
	}
	return float64(hits) / float64(draws)
}
