package eval

import (
	"slices"
	"strconv"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/vote"
)

// settings expands the voting block into the grid, in declaration order:
// method, then k, then early stopping, leaving out the settings that only
// repeat another (lang.Voting.Repeats).
func settings(v lang.Voting) []Setting {
	var out []Setting
	for _, m := range v.Method {
		for _, k := range v.K {
			for _, stop := range v.EarlyStop {
				if v.Repeats(k, stop) {
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

// voter votes on views; it is not safe for concurrent use.
type voter struct {
	tally vote.Tally
	buf   []vote.Sample
	order []int
	stop  vote.Stopper
}

// newEntry starts the entry of pl's cell under st.
func newEntry(pl *pool, cellName string, st Setting) Entry {
	return Entry{Set: pl.set.Name, Cell: cellName, Setting: st.Name, Problems: len(pl.set.Problems),
		solved: make([]bool, len(pl.set.Problems)), ReadOrder: pl.readOrder(st)}
}

// count adds the vote res on problem p to e.
func (e *Entry) count(pl *pool, p int, res vote.Result) {
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

// finish fills the accuracy, its intervals and the breakdowns.
func (e *Entry) finish(pl *pool) {
	if e.Problems > 0 {
		e.Accuracy = float64(e.Correct) / float64(e.Problems)
		e.MeanUsed = float64(e.used) / float64(e.Problems)
	}
	e.Wilson = problemInterval(e.Correct, e.Problems)
	e.Bootstrap = binaryBootstrap(e.Correct, e.Problems, Confidence)
	e.BySubject, e.ByLevel = breakdowns(pl, e.solved)
}

// voteView votes one problem, loaded into v, under st: the first K samples,
// read in sample order, or in finishing order when st stops early and the
// pool's latencies are recorded (see readOrder), stopping early if st says
// so. vt.order holds the sample indexes in the order read. Entries and
// Results.Problems both vote through it, so per-problem outcomes add up to
// the grid's counts.
func (vt *voter) voteView(pl *pool, v *view, st Setting) (vote.Result, error) {
	k := min(st.K, pl.n)
	samples := v.smp[:k]
	vt.order = vt.order[:0]
	if pl.readOrder(st) == orderFinishing {
		if len(v.order) == 0 {
			v.finishingOrder()
		}
		// Samples past the one where the vote stops early are not read:
		// they are not copied either.
		vt.buf = vt.buf[:0]
		vt.stop.Reset()
		for _, s := range v.order {
			if int(s) < k {
				vt.buf = append(vt.buf, samples[s])
				vt.order = append(vt.order, int(s))
				if vt.stop.Add(&samples[s], st.EarlyStop) {
					break
				}
			}
		}
		samples = vt.buf
	} else {
		for s := range k {
			vt.order = append(vt.order, s)
		}
	}
	return vt.tally.Vote(st.Method, samples, vote.Options{EarlyStop: st.EarlyStop})
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
