package vote

import (
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"
)

// synthetic is a cache-like pool: cells × problems × samples, laid out cell by
// cell and problem by problem, with each problem's gold Key.
type synthetic struct {
	samples  []Sample
	gold     []string // per cell-problem
	perProbl int
}

// newSynthetic builds answer distributions shaped like recorded AIMO-style
// generations: each cell has a skill, each problem a difficulty; a sample is
// right with probability logistic(skill − difficulty), otherwise it lands on
// one of the problem's three popular wrong answers (50/30/20) or, one time in
// five, anywhere in 0–999; 5% of samples have no extractable answer. Right
// answers have lower token entropy and higher reward scores, with overlap;
// 10% of samples lack entropy and 10% lack a score.
func newSynthetic(cells, problems, perProblem int, seed uint64) *synthetic {
	r := rand.New(rand.NewPCG(seed, seed+1))
	names := make([]string, 1000)
	for i := range names {
		names[i] = strconv.Itoa(i)
	}
	n := cells * problems * perProblem
	s := &synthetic{samples: make([]Sample, n), gold: make([]string, cells*problems), perProbl: perProblem}
	floats := make([]float64, 2*n)
	gold := make([]int, problems)
	wrong := make([][3]int, problems)
	diff := make([]float64, problems)
	for p := range problems {
		gold[p] = r.IntN(1000)
		wrong[p] = [3]int{r.IntN(1000), r.IntN(1000), r.IntN(1000)}
		diff[p] = r.NormFloat64() * 1.5
	}
	i := 0
	for c := range cells {
		skill := -0.5 + 2*float64(c)/float64(cells)
		for p := range problems {
			s.gold[c*problems+p] = names[gold[p]]
			pRight := 1 / (1 + math.Exp(diff[p]-skill))
			for range perProblem {
				s.samples[i] = syntheticSample(r, i, pRight, gold[p], wrong[p], names, floats[2*i:2*i+2])
				i++
			}
		}
	}
	return s
}

func syntheticSample(r *rand.Rand, i int, pRight float64, gold int, wrong [3]int, names []string, fl []float64) Sample {
	s := Sample{Index: i, Valid: r.Float64() >= 0.05}
	right := r.Float64() < pRight
	ans := gold
	if !right {
		switch u := r.Float64(); {
		case u < 0.2:
			ans = r.IntN(1000)
		case u < 0.6:
			ans = wrong[0]
		case u < 0.84:
			ans = wrong[1]
		default:
			ans = wrong[2]
		}
	}
	if s.Valid {
		s.Answer, s.Key = names[ans], names[ans]
	}
	h, score := 0.6+0.25*r.NormFloat64(), 0.35+0.2*r.NormFloat64()
	if right {
		h, score = 0.35+0.2*r.NormFloat64(), 0.65+0.2*r.NormFloat64()
	}
	fl[0], fl[1] = math.Max(h, 0.01), score
	if r.Float64() >= 0.1 {
		s.Entropy = &fl[0]
	}
	if r.Float64() >= 0.1 {
		s.Score = &fl[1]
	}
	s.Confidence = EntropyConfidence(fl[0])
	return s
}

// setting is one point of a voting grid.
type setting struct {
	method    string
	k         int
	earlyStop int
}

func votingGrid() []setting {
	var grid []setting
	for _, m := range []string{"majority", "confidence_weighted", "entropy_weighted", "score_weighted", "numeric_average"} {
		for _, k := range []int{4, 8} {
			for _, stop := range []int{0, 3} {
				grid = append(grid, setting{m, k, stop})
			}
		}
	}
	return grid
}

// accuracy votes every cell-problem under one setting and returns the share
// answered correctly and the samples read.
func (s *synthetic) accuracy(t *Tally, st setting) (acc float64, read int) {
	right := 0
	for cp, gold := range s.gold {
		off := cp * s.perProbl
		res, _ := t.Vote(st.method, s.samples[off:off+st.k], Options{EarlyStop: st.earlyStop})
		if res.Key == gold {
			right++
		}
		read += res.Used
	}
	return float64(right) / float64(len(s.gold)), read
}

func TestVotingBeatsSingleSamplesOnSyntheticGrid(t *testing.T) {
	s := newSynthetic(10, 200, 8, 1)
	var tally Tally
	single, _ := s.accuracy(&tally, setting{"majority", 1, 0})
	for _, st := range votingGrid() {
		acc, read := s.accuracy(&tally, st)
		if st.k == 8 && st.earlyStop == 0 && acc <= single {
			t.Errorf("%+v: accuracy %.3f, not above one sample's %.3f", st, acc, single)
		}
		if st.earlyStop > 0 && read >= len(s.gold)*st.k {
			t.Errorf("%+v: early stopping read all %d samples", st, read)
		}
	}
}

// BenchmarkVotingGrid votes 20 settings (5 methods × k ∈ {4, 8} × early stop
// ∈ {off, 3}) over a 1,000,000-sample pool: 100 cells × 1,250 problems × 8.
func BenchmarkVotingGrid(b *testing.B) {
	s := newSynthetic(100, 1250, 8, 42)
	grid := votingGrid()
	var tally Tally
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for _, st := range grid {
			s.accuracy(&tally, st)
		}
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/grid")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
	b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heap-MiB")
	runtime.KeepAlive(s)
}

// BenchmarkMajAtKCurve64 computes the exact maj@k curve (k = 1..64) of
// 1,000 synthetic problems with 64 samples each; ns/problem is the cost of
// one problem's curve.
func BenchmarkMajAtKCurve64(b *testing.B) {
	const problems, n = 1000, 64
	s := newSynthetic(1, problems, n, 9)
	var c MajCurve
	out := make([]float64, n)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		for p := range problems {
			out = c.Curve(s.samples[p*n:(p+1)*n], s.gold[p], out)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*problems), "ns/problem")
}
