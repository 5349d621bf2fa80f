package eval

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// rowBank holds a few cached rows per answer that synthetic samples share:
// a cache read would give each sample its own row, but 32 million rows of
// their own would not fit the memory the evaluation is held to, and the
// evaluation grades each distinct text once either way.
type rowBank struct {
	right, wrong [][]*cache.Row // per answer, variants
	blank        []*cache.Row
}

const bankVariants = 4

func newRowBank(r *rand.Rand) *rowBank {
	b := &rowBank{right: make([][]*cache.Row, 1000), wrong: make([][]*cache.Row, 1000)}
	row := func(text string, right bool) *cache.Row {
		h, score := 0.6+0.25*r.NormFloat64(), 0.35+0.2*r.NormFloat64()
		if right {
			h, score = 0.35+0.2*r.NormFloat64(), 0.65+0.2*r.NormFloat64()
		}
		h = math.Max(h, 0.01)
		return &cache.Row{Completion: backends.Completion{Text: text, MeanEntropy: &h, Score: &score,
			LatencyS: 20 + 200*r.Float64(), CompletionTokens: 1000 + r.IntN(4000)}}
	}
	for a := range 1000 {
		for v := range bankVariants {
			text := openings[(a+v)%len(openings)] + " The final answer is $\\boxed{" + strconv.Itoa(a) + "}$."
			b.right[a] = append(b.right[a], row(text, true))
			b.wrong[a] = append(b.wrong[a], row(text, false))
		}
	}
	for v := range bankVariants {
		b.blank = append(b.blank, row(openings[v]+" I could not finish.", false))
	}
	return b
}

// sharedSweep is synthetic's sweep at scale, each sample one of the bank's
// rows: right with probability logistic(skill − difficulty), else one of
// three popular wrong answers or any answer; 5% without an answer.
func sharedSweep(cells, problems, samples int, seed uint64, v lang.Voting) *sweep {
	r := rand.New(rand.NewPCG(seed, seed+1))
	bank := newRowBank(r)
	set := &dataset.Set{Name: "synth"}
	gold := make([]int, problems)
	wrong := make([][3]int, problems)
	diff := make([]float64, problems)
	for p := range problems {
		gold[p] = r.IntN(1000)
		set.Problems = append(set.Problems, dataset.Problem{ID: strconv.Itoa(p), Answer: strconv.Itoa(gold[p]), Level: 1 + p%5})
		wrong[p] = [3]int{r.IntN(1000), r.IntN(1000), r.IntN(1000)}
		diff[p] = r.NormFloat64() * 1.5
	}
	e := &lang.Experiment{Name: "bench", Samples: samples, Evaluate: []string{"synth"}, Voting: v}
	plan := &runner.Plan{Sets: []runner.SetCount{{Name: "synth", Problems: problems}}}
	out := make([]runner.ItemSamples, 0, cells*problems)
	rows := make([]*cache.Row, cells*problems*samples)
	for c := range cells {
		plan.Cells = append(plan.Cells, runner.Cell{Name: fmt.Sprintf("cell%03d", c), Samples: samples})
		skill := -0.5 + 2*float64(c)/float64(cells)
		for p := range problems {
			it := &runner.Item{Cell: c, Set: "synth", Problem: set.Problems[p]}
			is := runner.ItemSamples{Item: it, Samples: rows[:samples:samples]}
			rows = rows[samples:]
			pRight := 1 / (1 + math.Exp(diff[p]-skill))
			for s := range is.Samples {
				is.Samples[s] = bank.pick(r, pRight, gold[p], wrong[p])
			}
			out = append(out, is)
		}
	}
	return &sweep{exp: e, plan: plan, cat: dataset.NewCatalog(set), samples: out}
}

func (b *rowBank) pick(r *rand.Rand, pRight float64, gold int, wrong [3]int) *cache.Row {
	v := r.IntN(bankVariants)
	switch {
	case r.Float64() < 0.05:
		return b.blank[v]
	case r.Float64() < pRight:
		return b.right[gold][v]
	}
	ans := r.IntN(1000)
	switch u := r.Float64(); {
	case u < 0.6:
		ans = wrong[0]
	case u < 0.84:
		ans = wrong[1]
	case u < 0.96:
		ans = wrong[2]
	}
	return b.wrong[ans][v]
}

// cpuSeconds is the CPU time, user and system, the process has used: on a
// shared machine wall time also counts other tenants' work.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// sweepVoting is the benchmark's voting grid: 8 settings.
var sweepVoting = lang.Voting{Method: []string{"majority", "entropy_weighted"}, K: []int{8, 32}, EarlyStop: []int{0, 4}}

// BenchmarkEvaluateSweep evaluates 200 cells × 5,000 problems × 32 samples
// (32 million samples, 8 voting settings: 1,600 entries, every pair of them
// compared) from memory: grading, voting, exact maj@k curves to k = 32,
// statistics. sys-MiB is the memory the process obtained from the OS, input
// included; cpu-s/eval the CPU time Evaluate used, which on an idle machine
// with 2 cores bounds the wall time from below by half. problems=500 is the
// same at a tenth of the size.
func BenchmarkEvaluateSweep(b *testing.B) {
	for _, problems := range []int{500, 5000} {
		b.Run("problems="+strconv.Itoa(problems), func(b *testing.B) {
			s := sharedSweep(200, problems, 32, 42, sweepVoting)
			runtime.GC()
			var before runtime.MemStats
			runtime.ReadMemStats(&before)
			cpu := cpuSeconds()
			b.ResetTimer()
			for range b.N {
				if _, err := Evaluate(s.exp, s.plan, s.cat, s.samples); err != nil {
					b.Fatal(err)
				}
			}
			b.StopTimer()
			b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/eval")
			var ms runtime.MemStats
			runtime.ReadMemStats(&ms)
			b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/eval")
			b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
			b.ReportMetric(float64(before.HeapInuse)/(1<<20), "input-heap-MiB")
		})
	}
}
