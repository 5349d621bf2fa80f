package vote

import "slices"

// Tally is the reusable scratch space of a vote. Voting on many problems with
// one Tally allocates nothing per sample once its slices have grown; a Tally
// is not safe for concurrent use (use one per goroutine). The zero value is
// ready to use.
type Tally struct {
	groups []group
	// index maps Key to group once there are more than linearLimit groups;
	// below that a linear scan over a handful of keys is faster than hashing.
	index   map[string]int
	of      []int // of[i] is the group of sample i, or -1 if it abstains
	weights []float64
	scratch []float64
	valid   int
}

// group accumulates one distinct Key.
type group struct {
	key   string
	first int // index of the Key's first sample
	count int
	votes float64
	score float64
	value int64 // numeric_average: the Key as an integer
	isInt bool
}

const linearLimit = 16

// count groups the valid samples by Key, reading in order and stopping once
// stop samples agree (stop ≤ 0 reads everything). It returns how many samples
// were read.
func (t *Tally) count(samples []Sample, stop int) int {
	t.groups = t.groups[:0]
	clear(t.index)
	t.valid = 0
	t.of = slices.Grow(t.of[:0], len(samples))[:len(samples)]
	for i := range samples {
		s := &samples[i]
		if abstains(s) {
			t.of[i] = -1
			continue
		}
		g := t.add(s.Key, i)
		t.of[i] = g
		t.valid++
		if stop > 0 && t.groups[g].count >= stop {
			return i + 1
		}
	}
	return len(samples)
}

// abstains says a sample casts no vote: no valid answer.
func abstains(s *Sample) bool { return !s.Valid || s.Key == "" }

// Stopper finds where early stopping ends a vote whose samples are read in
// an order of the caller's: given them one at a time, Add reports true at
// the sample where Vote, given the samples read so far, stops (stop of them
// agree). A caller that gathers samples to vote on can stop gathering
// there. The zero value is ready; Reset it between votes.
type Stopper struct {
	keys   []string
	counts []int
}

// Reset forgets the samples added so far.
func (st *Stopper) Reset() { st.keys, st.counts = st.keys[:0], st.counts[:0] }

// Add counts s and reports whether stop samples now agree (stop ≤ 0: never).
func (st *Stopper) Add(s *Sample, stop int) bool {
	if stop <= 0 || abstains(s) {
		return false
	}
	for i, k := range st.keys {
		if k == s.Key {
			st.counts[i]++
			return st.counts[i] >= stop
		}
	}
	st.keys, st.counts = append(st.keys, s.Key), append(st.counts, 1)
	return stop <= 1
}

// add counts one sample with key and returns its group.
func (t *Tally) add(key string, i int) int {
	g := t.find(key)
	if g < 0 {
		g = len(t.groups)
		t.groups = append(t.groups, group{key: key, first: i})
		t.indexGroup(g)
	}
	t.groups[g].count++
	return g
}

func (t *Tally) find(key string) int {
	if len(t.groups) > linearLimit {
		if g, ok := t.index[key]; ok {
			return g
		}
		return -1
	}
	for g := range t.groups {
		if t.groups[g].key == key {
			return g
		}
	}
	return -1
}

// indexGroup keeps index in step with groups once the linear scan stops being used.
func (t *Tally) indexGroup(g int) {
	switch {
	case len(t.groups) <= linearLimit:
		return
	case t.index == nil:
		t.index = make(map[string]int, 2*linearLimit)
	}
	if len(t.groups) == linearLimit+1 {
		for i := range t.groups {
			t.index[t.groups[i].key] = i
		}
		return
	}
	t.index[t.groups[g].key] = g
}

// winner returns the best group under the tie rule — highest score, then more
// samples, then the Key whose first sample came earliest — and whether another
// group had the same score.
func (t *Tally) winner() (best int, tie bool) {
	for g := 1; g < len(t.groups); g++ {
		a, b := &t.groups[g], &t.groups[best]
		switch {
		case a.score > b.score:
			best, tie = g, false
		case a.score == b.score:
			tie = true
			if a.count > b.count || (a.count == b.count && a.first < b.first) {
				best = g
			}
		}
	}
	return best, tie
}
