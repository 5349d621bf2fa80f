package eval

import (
	"runtime"
	"slices"
	"sync"

	"github.com/aimo-dev/aimo/reports/stats"
	"github.com/aimo-dev/aimo/reports/vote"
)

// summarisePools computes every pool's counts, curves, agreement and
// signals, one pool per task on every CPU.
func (ev *evaluation) summarisePools() {
	var all []*pool
	for si := range ev.pools {
		all = append(all, ev.pools[si]...)
	}
	ev.res.Pools = make([]Pool, len(all))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var s summariser
			for i := range next {
				ev.res.Pools[i] = s.summarise(all[i], ev.res.Cells[all[i].cell].Name)
			}
		}()
	}
	for i := range all {
		next <- i
	}
	close(next)
	wg.Wait()
}

// summariser holds the scratch space of one goroutine.
type summariser struct {
	tally  vote.Tally
	smp    []vote.Sample
	ok     []bool
	maj    vote.MajCurve
	curve  []float64
	counts map[[2]int]*countCurves
}

func (s *summariser) summarise(pl *pool, cell string) Pool {
	out := Pool{Set: pl.set.Name, Cell: cell, Missing: pl.missing}
	var curves *curveSums
	if length := pl.curveLength(); length > 0 {
		curves = newCurveSums(length, pl.n <= vote.MaxCurvePool)
	}
	buckets := newBuckets()
	tallies := make([]stats.Tally, 0, len(pl.set.Problems))
	for p := range pl.set.Problems {
		s.smp, s.ok = pl.presentOf(p, s.smp, s.ok)
		row := s.problemRow(pl, p)
		buckets.add(row)
		tallies = append(tallies, stats.Tally{Right: row.Correct, N: row.Samples})
		out.Samples += row.Samples
		out.NoAnswer += row.Samples - row.Valid
		out.Correct += row.Correct
		out.Agreement += row.Agreement
		if curves != nil {
			curves.add(s, s.smp, s.ok, pl.goldKeys[p])
		}
		out.Problems = append(out.Problems, row)
	}
	if n := len(pl.set.Problems); n > 0 {
		out.Agreement /= float64(n)
		if curves != nil {
			curves.fill(&out, n)
		}
	}
	out.Buckets = buckets.list()
	out.Signals = signals(pl)
	out.SampleAccuracy = sampleInterval(tallies)
	return out
}

// problemRow counts problem p's present samples (in s.smp, s.ok) and votes
// on all of them.
func (s *summariser) problemRow(pl *pool, p int) ProblemRow {
	prob := pl.set.Problems[p]
	row := ProblemRow{ID: prob.ID, Gold: prob.Answer, Subject: prob.Subject, Level: prob.Level, Samples: len(s.smp)}
	for i := range s.smp {
		if s.smp[i].Valid && s.smp[i].Key != "" {
			row.Valid++
		}
		if s.ok[i] {
			row.Correct++
		}
	}
	res, _ := s.tally.Vote("majority", s.smp, vote.Options{})
	row.Majority, row.Agreement = res.Answer, res.Share
	row.MajorityCorrect = pl.solves(p, res)
	return row
}

// curveLength is the largest k every problem has samples for.
func (pl *pool) curveLength() int {
	if len(pl.set.Problems) == 0 {
		return 0
	}
	least := pl.n
	for p := range pl.set.Problems {
		have := 0
		for _, ok := range pl.present[p*pl.n : (p+1)*pl.n] {
			if ok {
				have++
			}
		}
		least = min(least, have)
	}
	return least
}

// bucketEdges are the agreement buckets' lower edges; the last bucket holds
// unanimous problems only.
var bucketEdges = []struct {
	name   string
	lo, hi float64
}{{"<0.5", 0, 0.5}, {"0.5-0.75", 0.5, 0.75}, {"0.75-1", 0.75, 1}, {"1", 1, 1}}

type bucketSet []Bucket

func newBuckets() bucketSet {
	b := bucketSet{{Name: "none"}}
	for _, e := range bucketEdges {
		b = append(b, Bucket{Name: e.name, Lo: e.lo, Hi: e.hi})
	}
	return b
}

func (b bucketSet) add(row ProblemRow) {
	i := 0
	if row.Valid > 0 {
		i = len(bucketEdges)
		for j, e := range bucketEdges[:len(bucketEdges)-1] {
			if row.Agreement < e.hi {
				i = j + 1
				break
			}
		}
	}
	b[i].Problems++
	if row.MajorityCorrect {
		b[i].Correct++
	}
}

func (b bucketSet) list() []Bucket {
	for i := range b {
		if b[i].Problems > 0 {
			b[i].Accuracy = float64(b[i].Correct) / float64(b[i].Problems)
		}
	}
	return b
}

// signals measures how well each confidence signal the pool carries
// separates right from wrong samples.
func signals(pl *pool) []Signal {
	var out []Signal
	share := make([]float64, len(pl.samples))
	for p := range pl.set.Problems {
		copy(share[p*pl.n:], vote.ShareConfidence(pl.problem(p)))
	}
	out = appendSignal(out, pl, signalShare, func(i int) (float64, bool) { return share[i], true })
	out = appendSignal(out, pl, signalEntropy, func(i int) (float64, bool) {
		return pl.signal(signalEntropy, i), pl.samples[i].Entropy != nil
	})
	out = appendSignal(out, pl, signalReward, func(i int) (float64, bool) {
		return pl.signal(signalReward, i), pl.samples[i].Score != nil
	})
	return appendSignal(out, pl, signalReasoning, func(i int) (float64, bool) { return pl.reasoning[i], true })
}

type scored struct {
	v  float64
	ok bool
}

func appendSignal(out []Signal, pl *pool, name string, value func(int) (float64, bool)) []Signal {
	var pts []scored
	for i := range pl.samples {
		if !pl.present[i] {
			continue
		}
		if v, has := value(i); has {
			pts = append(pts, scored{v, pl.correct[i]})
		}
	}
	if len(pts) == 0 {
		return out
	}
	s := Signal{Name: name, Samples: len(pts)}
	var nRight, nWrong int
	for _, p := range pts {
		if p.ok {
			s.MeanCorrect += p.v
			nRight++
		} else {
			s.MeanWrong += p.v
			nWrong++
		}
	}
	if nRight > 0 {
		s.MeanCorrect /= float64(nRight)
	}
	if nWrong > 0 {
		s.MeanWrong /= float64(nWrong)
	}
	s.AUC = auc(pts, nRight, nWrong)
	return append(out, s)
}

// auc is the Mann-Whitney probability that a right sample's value exceeds a
// wrong one's, ties counting half; 0.5 when either side is empty.
func auc(pts []scored, nRight, nWrong int) float64 {
	if nRight == 0 || nWrong == 0 {
		return 0.5
	}
	slices.SortFunc(pts, func(a, b scored) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	wrongBelow, sum := 0.0, 0.0
	for i := 0; i < len(pts); {
		j := i
		right, wrong := 0.0, 0.0
		for ; j < len(pts) && pts[j].v == pts[i].v; j++ {
			if pts[j].ok {
				right++
			} else {
				wrong++
			}
		}
		sum += right * (wrongBelow + wrong/2)
		wrongBelow += wrong
		i = j
	}
	return sum / (float64(nRight) * float64(nWrong))
}
