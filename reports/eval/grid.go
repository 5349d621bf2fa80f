package eval

import (
	"fmt"
	"slices"
	"strconv"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/vote"
)

// settings expands the voting block into the grid, in declaration order:
// method, then k, then early stopping. Early stopping at m >= k can never
// stop before the k-th sample, so it would only repeat the setting without
// it; such settings are left out.
func settings(v lang.Voting) []Setting {
	var out []Setting
	for _, m := range v.Method {
		for _, k := range v.K {
			for _, stop := range v.EarlyStop {
				if stop >= k && stop > 0 && slices.Contains(v.EarlyStop, 0) {
					continue
				}
				out = append(out, Setting{Name: settingName(m, k, stop), Method: m, K: k, EarlyStop: stop})
			}
		}
	}
	return out
}

// settingName is "majority@8", or "majority@8 stop3" with early stopping.
func settingName(method string, k, stop int) string {
	name := method + "@" + strconv.Itoa(k)
	if stop > 0 {
		name += " stop" + strconv.Itoa(stop)
	}
	return name
}

// voter evaluates settings on pools; it is not safe for concurrent use.
type voter struct {
	tally vote.Tally
	buf   []vote.Sample
	order []int
	conf  float64
}

// entry votes every problem of pl under st.
func (v *voter) entry(pl *pool, cellName string, st Setting) (Entry, error) {
	probs := pl.set.Problems
	e := Entry{Set: pl.set.Name, Cell: cellName, Setting: st.Name, Problems: len(probs), solved: make([]bool, len(probs)),
		ReadOrder: pl.readOrder(st)}
	for p := range probs {
		res, err := v.voteProblem(pl, p, st)
		if err != nil {
			return Entry{}, fmt.Errorf("cell %s, set %s: %w", cellName, pl.set.Name, err)
		}
		e.used += res.Used
		switch {
		case res.NoAnswer():
			e.NoAnswer++
		case pl.solves(p, res):
			e.solved[p] = true
			e.Correct++
		}
		if res.Tie {
			e.Ties++
		}
	}
	v.summarise(&e)
	e.BySubject, e.ByLevel = breakdowns(pl, e.solved)
	return e, nil
}

// voteProblem votes problem p of pl under st: the first K samples, read in
// sample order, or in finishing order when st stops early and the pool's
// latencies are recorded (see readOrder), stopping early if st says so.
// v.order holds the sample indexes in the order read. Entries and
// Results.Problems both vote through it, so per-problem outcomes add up to
// the grid's counts.
func (v *voter) voteProblem(pl *pool, p int, st Setting) (vote.Result, error) {
	k := min(st.K, pl.n)
	samples := pl.problem(p)[:k]
	v.order = v.order[:0]
	if pl.readOrder(st) == orderFinishing {
		v.buf = v.buf[:0]
		for _, s := range pl.finishing[p*pl.n : (p+1)*pl.n] {
			if int(s) < k {
				v.buf = append(v.buf, samples[s])
				v.order = append(v.order, int(s))
			}
		}
		samples = v.buf
	} else {
		for s := range k {
			v.order = append(v.order, s)
		}
	}
	return v.tally.Vote(st.Method, samples, vote.Options{EarlyStop: st.EarlyStop})
}

// Read orders of early stopping (Entry.ReadOrder).
const (
	orderFinishing = "finishing"
	orderSample    = "sample"
)

// readOrder is the order st reads pl's samples in: finishing order for early
// stopping when every sample's latency is recorded, as the notebook and the
// budget simulation see them; sample order otherwise; "" without early
// stopping, where the order only breaks ties and sample order is kept.
func (pl *pool) readOrder(st Setting) string {
	switch {
	case st.EarlyStop <= 0:
		return ""
	case pl.timed:
		return orderFinishing
	}
	return orderSample
}

// solves reports whether a vote on problem p of pl chose the gold's key.
func (pl *pool) solves(p int, res vote.Result) bool {
	return !res.NoAnswer() && res.Key == pl.goldKeys[p]
}

// summarise fills the accuracy and its intervals from the solved flags.
func (v *voter) summarise(e *Entry) {
	if e.Problems > 0 {
		e.Accuracy = float64(e.Correct) / float64(e.Problems)
		e.MeanUsed = float64(e.used) / float64(e.Problems)
	}
	e.Wilson = problemInterval(e.Correct, e.Problems)
	e.Bootstrap = binaryBootstrap(e.Correct, e.Problems, v.conf)
}

// breakdowns groups the solved flags by subject and by level (known levels
// only), each sorted by name.
func breakdowns(pl *pool, solved []bool) (bySubject, byLevel []Group) {
	subj, lvl := map[string]*Group{}, map[string]*Group{}
	for p, prob := range pl.set.Problems {
		if prob.Subject != "" {
			count(subj, prob.Subject, solved[p])
		}
		if prob.Level > 0 {
			count(lvl, "Level "+strconv.Itoa(prob.Level), solved[p])
		}
	}
	return groups(subj), groups(lvl)
}

func count(m map[string]*Group, name string, ok bool) {
	g := m[name]
	if g == nil {
		g = &Group{Name: name}
		m[name] = g
	}
	g.Problems++
	if ok {
		g.Correct++
	}
}

func groups(m map[string]*Group) []Group {
	out := make([]Group, 0, len(m))
	for _, g := range m {
		g.Accuracy = float64(g.Correct) / float64(g.Problems)
		g.Wilson = problemInterval(g.Correct, g.Problems)
		out = append(out, *g)
	}
	slices.SortFunc(out, func(a, b Group) int { return compareStrings(a.Name, b.Name) })
	if len(out) == 0 {
		return nil
	}
	return out
}

func compareStrings(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
