package eval

import (
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/aimo-dev/aimo/reports/stats"
	"github.com/aimo-dev/aimo/reports/vote"
)

// passTask is one pool: its set and cell, where its entries start in the
// grid and its place in Results.Pools.
type passTask struct{ si, ci, at, pi int }

// evaluatePools votes every setting and summarises every pool, one pool per
// task on every CPU. Each problem's samples are loaded once and read by every
// setting, the curves and the signals.
func (ev *evaluation) evaluatePools() error {
	var tasks []passTask
	entries := 0
	for si := range ev.pools {
		for ci := range ev.pools[si] {
			tasks = append(tasks, passTask{si, ci, entries, len(tasks)})
			entries += len(ev.settingsOf(ci))
		}
	}
	ev.res.Grid = make([]Entry, entries)
	ev.res.Pools = make([]Pool, len(tasks))
	errs := make([]error, len(tasks))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var w worker
			for t := range next {
				errs[t] = ev.pass(&w, tasks[t])
			}
		}()
	}
	for t := range tasks {
		next <- t
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	for i := range ev.res.Grid {
		ev.res.Grid[i].order = i
	}
	return nil
}

// worker holds the scratch space of one goroutine.
type worker struct {
	voter
	view view
	sum  summariser
}

// pass evaluates one pool: its grid entries and its summary.
func (ev *evaluation) pass(w *worker, t passTask) error {
	pl := ev.pools[t.si][t.ci]
	name := ev.res.Cells[t.ci].Name
	sts := ev.settingsOf(t.ci)
	entries := ev.res.Grid[t.at : t.at+len(sts)]
	for j, st := range sts {
		entries[j] = newEntry(pl, name, st)
	}
	w.sum.start(pl, name)
	for p := range pl.set.Problems {
		pl.load(p, &w.view)
		for j, st := range sts {
			res, err := w.voteView(pl, &w.view, st)
			if err != nil {
				return fmt.Errorf("cell %s, set %s: %w", name, pl.set.Name, err)
			}
			entries[j].count(pl, p, res)
		}
		w.sum.add(pl, p, &w.view)
	}
	for j := range entries {
		entries[j].finish(pl)
	}
	ev.res.Pools[t.pi] = w.sum.finish(pl)
	return nil
}

// summariser builds one pool's summary problem by problem, reusing its
// buffers from pool to pool.
type summariser struct {
	out     Pool
	curves  *curveSums
	buckets bucketSet
	tallies []stats.Tally
	signals signalSet
	tally   vote.Tally
	smp     []vote.Sample
	ok      []bool
	maj     vote.MajCurve
	curve   []float64
	counts  map[[2]int]*countCurves
}

func (s *summariser) start(pl *pool, cell string) {
	// Every problem gets a row: the list is made its full size at once.
	s.out = Pool{Set: pl.set.Name, Cell: cell, Missing: pl.missing, Problems: make([]ProblemRow, 0, len(pl.set.Problems))}
	s.curves = nil
	if length := pl.curveLength(); length > 0 {
		s.curves = newCurveSums(length, pl.n <= vote.MaxCurvePool)
	}
	s.buckets = newBuckets()
	s.tallies = slices.Grow(s.tallies[:0], len(pl.set.Problems))
	s.signals.reset()
}

// add summarises problem p, loaded into v.
func (s *summariser) add(pl *pool, p int, v *view) {
	s.smp, s.ok = s.smp[:0], s.ok[:0]
	for i := range v.smp {
		if v.present[i] {
			s.smp, s.ok = append(s.smp, v.smp[i]), append(s.ok, v.ok[i])
		}
	}
	row := s.problemRow(pl, p)
	s.buckets.add(row)
	s.tallies = append(s.tallies, stats.Tally{Right: row.Correct, N: row.Samples})
	s.out.Samples += row.Samples
	s.out.NoAnswer += row.Samples - row.Valid - row.Invalid
	s.out.Invalid += row.Invalid
	s.out.Correct += row.Correct
	s.out.Agreement += row.Agreement
	if s.curves != nil {
		s.curves.add(s, s.smp, s.ok, pl.goldKeys[p])
	}
	s.out.Problems = append(s.out.Problems, row)
	s.signals.add(v)
}

// problemRow counts the problem's present samples (in s.smp, s.ok) and
// votes on all of them.
func (s *summariser) problemRow(pl *pool, p int) ProblemRow {
	prob := pl.set.Problems[p]
	row := ProblemRow{ID: prob.ID, Gold: prob.Answer, Subject: prob.Subject, Level: prob.Level, Samples: len(s.smp)}
	for i := range s.smp {
		switch {
		case s.smp[i].Valid && s.smp[i].Key != "":
			row.Valid++
		case s.smp[i].Answer != "":
			row.Invalid++
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

func (s *summariser) finish(pl *pool) Pool {
	out := s.out
	if n := len(pl.set.Problems); n > 0 {
		out.Agreement /= float64(n)
		if s.curves != nil {
			s.curves.fill(&out, n)
		}
	}
	out.Buckets = s.buckets.list()
	out.Signals = s.signals.list()
	out.SampleAccuracy = sampleInterval(s.tallies)
	return out
}

// curveLength is the largest k every problem has samples for.
func (pl *pool) curveLength() int {
	if len(pl.set.Problems) == 0 {
		return 0
	}
	least := pl.n
	for p := range pl.set.Problems {
		least = min(least, pl.present(p))
	}
	return least
}

// present counts problem p's samples the cache held.
func (pl *pool) present(p int) int {
	if pl.members != nil {
		n := 0
		for _, m := range pl.members {
			n += m.present(p)
		}
		return n
	}
	n := 0
	for _, t := range pl.text[p*pl.n : (p+1)*pl.n] {
		if t >= 0 {
			n++
		}
	}
	return n
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
