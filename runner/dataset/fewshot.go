package dataset

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// pool indexes a set for few-shot draws.
type pool struct {
	set        *Set
	byID       map[string]int
	norm       []string
	bySubject  map[string][]int
	byCategory map[string][]int
	all        []int
}

func newPool(s *Set) *pool {
	p := &pool{set: s, byID: map[string]int{}, bySubject: map[string][]int{}, byCategory: map[string][]int{}}
	for i, q := range s.Problems {
		p.byID[q.ID] = i
		p.norm = append(p.norm, NormText(q.Text))
		subj := strings.ToLower(strings.TrimSpace(q.Subject))
		p.bySubject[subj] = append(p.bySubject[subj], i)
		p.byCategory[Category(q.Subject)] = append(p.byCategory[Category(q.Subject)], i)
		p.all = append(p.all, i)
	}
	return p
}

func (c *Catalog) pool(name string) (*pool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.pools[name]; ok {
		return p, nil
	}
	s, err := c.Set(name)
	if err != nil {
		return nil, fmt.Errorf("few-shot pool: %w", err)
	}
	p := newPool(s)
	c.pools[name] = p
	return p, nil
}

// Examples returns k few-shot examples for p from the named pool. They never
// include p itself, by ID or by normalised text. Strategies: fixed takes the
// listed ids in order; random draws k with a PCG seeded by seed and p's ID,
// so the same problem and seed always get the same examples; same_category
// draws from p's subject first, then its category (see Category), then the
// rest of the pool. Too few usable examples is an error, never a shorter
// prompt.
func (c *Catalog) Examples(poolName, strategy string, ids []string, k int, p Problem, seed int64) ([]Problem, error) {
	if k <= 0 {
		return nil, nil
	}
	pl, err := c.pool(poolName)
	if err != nil {
		return nil, err
	}
	self := NormText(p.Text)
	skip := func(i int) bool { return pl.set.Problems[i].ID == p.ID || pl.norm[i] == self }
	var picked []int
	switch strategy {
	case "fixed":
		picked, err = pl.fixed(ids, k, skip)
	case "random":
		picked = draw(seedFor(seed, p.ID), pl.all, k, skip)
	case "same_category":
		picked = pl.sameCategory(seedFor(seed, p.ID), p.Subject, k, skip)
	default:
		return nil, fmt.Errorf("unknown few-shot strategy %q (want fixed, random or same_category)", strategy)
	}
	if err != nil {
		return nil, err
	}
	if len(picked) < k {
		return nil, fmt.Errorf("few-shot pool %s has %d usable examples for %s, want %d", poolName, len(picked), p.ID, k)
	}
	out := make([]Problem, len(picked))
	for i, idx := range picked {
		out[i] = pl.set.Problems[idx]
	}
	return out, nil
}

func (pl *pool) fixed(ids []string, k int, skip func(int) bool) ([]int, error) {
	var out []int
	for _, id := range ids {
		i, ok := pl.byID[id]
		if !ok {
			return nil, fmt.Errorf("few-shot id %q is not in pool %s", id, pl.set.Name)
		}
		if !skip(i) && len(out) < k {
			out = append(out, i)
		}
	}
	return out, nil
}

// sameCategory draws from three tiers in turn: the same subject, the same
// category with another subject, then everything else.
func (pl *pool) sameCategory(rng *rand.Rand, subject string, k int, skip func(int) bool) []int {
	subj, cat := strings.ToLower(strings.TrimSpace(subject)), Category(subject)
	inSubject := func(i int) bool { return strings.EqualFold(strings.TrimSpace(pl.set.Problems[i].Subject), subj) }
	inCategory := func(i int) bool { return Category(pl.set.Problems[i].Subject) == cat }
	out := draw(rng, pl.bySubject[subj], k, skip)
	out = append(out, draw(rng, pl.byCategory[cat], k-len(out), func(i int) bool { return skip(i) || inSubject(i) })...)
	return append(out, draw(rng, pl.all, k-len(out), func(i int) bool { return skip(i) || inCategory(i) })...)
}

// draw takes up to k items of from in a seeded random order, passing over
// those skip rejects. It is a sparse Fisher-Yates shuffle: it costs O(k plus
// the rejected items), not O(len(from)).
func draw(rng *rand.Rand, from []int, k int, skip func(int) bool) []int {
	moved := map[int]int{}
	at := func(i int) int {
		if v, ok := moved[i]; ok {
			return v
		}
		return from[i]
	}
	var out []int
	for i := 0; len(out) < k && i < len(from); i++ {
		j := i + rng.IntN(len(from)-i)
		vi, vj := at(i), at(j)
		moved[j], moved[i] = vi, vj
		if !skip(vj) {
			out = append(out, vj)
		}
	}
	return out
}
