package vote

import "math"

// MajCurve computes exact maj@k curves (see MajAtKCurve), reusing its scratch
// space from one pool to the next. The zero value is ready to use; a MajCurve
// is not safe for concurrent use.
//
// A k-subset is won by the gold group exactly when the gold has some count a
// in it, every other group has fewer than a samples in it, or exactly a with
// its first sample after the gold's first (the tie rule of Vote). MajCurve
// counts those subsets without listing them: for each a and each choice of
// the gold's first sample q it multiplies, per other group, the polynomial
// whose coefficient t counts the ways to pick t of its samples allowed next
// to the gold (any t < a; t = a only from the samples after q), and the
// polynomial (1+x)^f of the abstaining samples and of the groups too small to
// matter. Every count is an integer, exact in float64 while it stays below
// 2^53 (pools up to 56 samples), and within float64 rounding beyond.
type MajCurve struct {
	binom  [][]float64 // binom[n][k] = C(n, k), grown on demand
	index  map[string]int
	groups [][]int // per non-gold answer, its positions in pool order
	gold   []int   // positions of the gold answer's samples
	free   int     // abstaining samples
	hits   []float64
	acc    []float64
	base   []float64 // product over groups that can no longer tie
	prod   []float64
	next   []float64
	seen   []int     // per group, how many of its samples lie before q
	tie    []float64 // per group, C(samples after q, a)
	spec   []int     // groups still able to tie
}

// MaxCurvePool is the largest pool MajCurve handles: C(n, n/2) must fit a
// float64, so larger pools get no curve (Curve returns NaN points).
const MaxCurvePool = 1000

// MajAtKCurve returns maj@k for every k from 1 to len(samples): the
// probability that a majority vote over k samples drawn without replacement
// from the pool picks gold (a canonical Key), averaged exactly over all
// C(n, k) subsets. Each subset keeps the pool's sample order, so the tie rule
// (the answer whose first sample came earliest) sees samples in pool order.
// Samples that abstain take up a place in the subset but never win.
func MajAtKCurve(samples []Sample, gold string) []float64 {
	var c MajCurve
	return c.Curve(samples, gold, nil)
}

// Curve is MajAtKCurve writing into out (grown as needed) and reusing c's
// scratch space.
func (c *MajCurve) Curve(samples []Sample, gold string, out []float64) []float64 {
	n := len(samples)
	out = grow(out, n)
	if n > MaxCurvePool {
		for k := range out {
			out[k] = nan
		}
		return out
	}
	c.split(samples, gold)
	if len(c.gold) == 0 {
		return out
	}
	c.growBinom(n)
	c.hits = grow(c.hits, n+1)
	for a := 1; a <= len(c.gold); a++ {
		c.addWins(a, n)
	}
	for k := 1; k <= n; k++ {
		out[k-1] = c.hits[k] / c.binom[n][k]
	}
	return out
}

// split sorts the pool's positions into the gold's, each other answer's,
// and a count of abstentions.
func (c *MajCurve) split(samples []Sample, gold string) {
	c.gold, c.free = c.gold[:0], 0
	c.groups = c.groups[:0]
	if c.index == nil {
		c.index = map[string]int{}
	}
	clear(c.index)
	for i := range samples {
		s := &samples[i]
		switch {
		case !s.Valid || s.Key == "":
			c.free++
		case s.Key == gold:
			c.gold = append(c.gold, i)
		default:
			g, ok := c.index[s.Key]
			if !ok {
				g = len(c.groups)
				c.index[s.Key] = g
				if g < cap(c.groups) {
					c.groups = c.groups[:g+1]
					c.groups[g] = c.groups[g][:0]
				} else {
					c.groups = append(c.groups, nil)
				}
			}
			c.groups[g] = append(c.groups[g], i)
		}
	}
}

// addWins adds to hits, for every subset size, the subsets in which the gold
// has exactly a samples and wins. Groups with fewer than a samples can never
// tie and join the abstentions. A group whose samples all lie before the
// gold's first can no longer tie either: it is frozen into base once, so the
// product is only recomputed over the groups still able to tie.
func (c *MajCurve) addWins(a, n int) {
	m := len(c.gold)
	free, deg := c.free, 0
	c.spec = c.spec[:0]
	for g, pos := range c.groups {
		if len(pos) >= a {
			c.spec = append(c.spec, g)
			deg += a
		} else {
			free += len(pos)
		}
	}
	c.acc = grow(c.acc, deg+1)
	c.seen = grow0(c.seen, len(c.groups))
	c.tie = grow(c.tie, len(c.groups))
	c.base = grow(c.base, 1)
	c.base[0] = 1
	fresh := true
	for j := 0; j <= m-a; j++ {
		changed := c.advance(c.gold[j], a)
		if changed || fresh {
			c.product(a)
			fresh = false
		}
		if len(c.spec) == 0 {
			// Nothing can tie any more: every later q has the same product,
			// and their weights sum to C(m−j, a) (hockey stick).
			c.accumulate(c.binom[m-j][a])
			break
		}
		c.accumulate(c.binom[m-1-j][a-1])
	}
	c.spread(a, deg, free, n)
}

// advance counts, for every group still able to tie, its samples before q
// and sets its tie coefficient C(after, a); groups whose coefficient drops to
// 0 are frozen into base and leave spec. It reports whether anything changed.
func (c *MajCurve) advance(q, a int) (changed bool) {
	live := c.spec[:0]
	for _, g := range c.spec {
		pos := c.groups[g]
		i := c.seen[g]
		for i < len(pos) && pos[i] < q {
			i++
		}
		c.seen[g] = i
		t := c.choose(len(pos)-i, a)
		switch {
		case t == 0:
			c.base = c.multiply(c.base, g, a, 0)
			changed = true
			continue
		case t != c.tie[g]:
			c.tie[g] = t
			changed = true
		}
		live = append(live, g)
	}
	c.spec = live
	return changed
}

// product sets prod to base times, for each group still able to tie,
// Σ_{t<a} C(c_h, t) x^t + tie_h x^a.
func (c *MajCurve) product(a int) {
	c.prod = append(grow(c.prod, 0), c.base...)
	for _, g := range c.spec {
		c.prod = c.multiply(c.prod, g, a, c.tie[g])
	}
}

// multiply returns p times group g's polynomial with tie coefficient tie,
// swapping buffers with next.
func (c *MajCurve) multiply(p []float64, g, a int, tie float64) []float64 {
	row := c.binom[len(c.groups[g])]
	top := a
	if tie == 0 {
		top = a - 1
	}
	out := grow(c.next, len(p)+top)
	for i, v := range p {
		if v == 0 {
			continue
		}
		o := out[i : i+a]
		for t := range o {
			o[t] += v * row[t]
		}
		if tie != 0 {
			out[i+a] += v * tie
		}
	}
	c.next = p
	return out
}

// accumulate adds w times prod to acc.
func (c *MajCurve) accumulate(w float64) {
	for i, p := range c.prod {
		c.acc[i] += w * p
	}
}

// spread adds x^a · acc · (1+x)^free to hits and clears acc.
func (c *MajCurve) spread(a, deg, free, n int) {
	row := c.binom[free]
	for d := 0; d <= deg; d++ {
		v := c.acc[d]
		if v == 0 {
			continue
		}
		c.acc[d] = 0
		hits := c.hits[a+d : min(a+d+free, n)+1]
		for t := range hits {
			hits[t] += v * row[t]
		}
	}
}

// choose is C(n, k) from the triangle, 0 when k > n.
func (c *MajCurve) choose(n, k int) float64 {
	if k > n {
		return 0
	}
	return c.binom[n][k]
}

// growBinom extends Pascal's triangle to row n.
func (c *MajCurve) growBinom(n int) {
	for r := len(c.binom); r <= n; r++ {
		row := make([]float64, r+2) // row[r+1] = 0 keeps C(r, r+1) in range
		row[0] = 1
		for k := 1; k <= r; k++ {
			row[k] = c.binom[r-1][k-1] + c.binom[r-1][k]
		}
		c.binom = append(c.binom, row)
	}
}

var nan = math.NaN()

// grow returns s resized to n elements, all zero.
func grow(s []float64, n int) []float64 {
	if cap(s) < n {
		return make([]float64, n)
	}
	s = s[:n]
	clear(s)
	return s
}

func grow0(s []int, n int) []int {
	if cap(s) < n {
		return make([]int, n)
	}
	s = s[:n]
	clear(s)
	return s
}
