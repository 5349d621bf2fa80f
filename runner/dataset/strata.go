package dataset

import (
	"cmp"
	"slices"
)

// group is the problems sharing one normalised text, assigned together.
type group struct {
	id      string // smallest ID, the group's sort key
	members []int  // indexes into the set
}

type stratum struct {
	key    string
	size   int
	groups []group
}

// stratify groups duplicates and places each group in the stratum of its
// first problem (by ID), so a duplicate with another label cannot leak.
func stratify(problems []Problem, by []string) ([]stratum, error) {
	byText := map[string]*group{}
	var order []*group
	for i, p := range problems {
		t := NormText(p.Text)
		g := byText[t]
		if g == nil {
			g = &group{id: p.ID}
			byText[t] = g
			order = append(order, g)
		}
		g.members = append(g.members, i)
		g.id = min(g.id, p.ID)
	}
	index := map[string]*stratum{}
	var out []*stratum
	for _, g := range order {
		lead := slices.MinFunc(g.members, func(a, b int) int { return cmp.Compare(problems[a].ID, problems[b].ID) })
		key, err := stratumKey(problems[lead], by)
		if err != nil {
			return nil, err
		}
		st := index[key]
		if st == nil {
			st = &stratum{key: key}
			index[key] = st
			out = append(out, st)
		}
		st.groups = append(st.groups, *g)
		st.size += len(g.members)
	}
	slices.SortFunc(out, func(a, b *stratum) int { return cmp.Compare(a.key, b.key) })
	res := make([]stratum, len(out))
	for i, st := range out {
		slices.SortFunc(st.groups, func(a, b group) int { return cmp.Compare(a.id, b.id) })
		res[i] = *st
	}
	return res, nil
}

// dealer hands out groups by largest remainder, carrying each split's
// rounding error from one stratum to the next.
type dealer struct {
	names []string
	frac  []float64
	owed  []float64 // problems each split is owed: quota so far minus dealt
}

func newDealer(names []string, fractions map[string]float64) *dealer {
	d := &dealer{names: names, frac: make([]float64, len(names)), owed: make([]float64, len(names))}
	for i, n := range names {
		d.frac[i] = fractions[n]
	}
	return d
}

// deal shuffles the stratum's groups and assigns them, recording each
// problem's split in assign.
func (d *dealer) deal(st stratum, seed int64, assign []string) Stratum {
	rng := seedFor(seed, st.key)
	rng.Shuffle(len(st.groups), func(i, j int) { st.groups[i], st.groups[j] = st.groups[j], st.groups[i] })
	for i := range d.owed {
		// The explicit conversion forbids fusing into an FMA, which arm64
		// would round differently from amd64: splits must match across machines.
		d.owed[i] += float64(float64(st.size) * d.frac[i])
	}
	out := Stratum{Key: st.key, Total: st.size, Counts: map[string]int{}}
	for _, n := range d.names {
		out.Counts[n] = 0
	}
	for _, g := range st.groups {
		k := d.neediest()
		d.owed[k] -= float64(len(g.members))
		for _, m := range g.members {
			assign[m] = d.names[k]
		}
		out.Counts[d.names[k]] += len(g.members)
	}
	return out
}

// neediest is the split owed the most; ties go to the first name, so the
// result never depends on floating-point noise in map order.
func (d *dealer) neediest() int {
	best := 0
	for i := 1; i < len(d.owed); i++ {
		if d.owed[i] > d.owed[best]+1e-9 {
			best = i
		}
	}
	return best
}
