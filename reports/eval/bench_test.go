package eval

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strconv"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// openings vary the synthetic texts so that grading sees many distinct ones.
var openings = []string{
	"We expand and simplify step by step.", "Let us set up the equation carefully.",
	"Consider the residues modulo small primes.", "By symmetry we may assume x <= y.",
	"First we count the cases, then subtract overlaps.", "Using Vieta's formulas on the polynomial,",
	"Therefore, after checking each case,", "Thus the sum telescopes and we obtain",
}

// synthetic builds a cache-shaped sweep: cells × problems × samples with
// MATH-style texts ending in \boxed{answer}. A cell's skill and a problem's
// difficulty set the chance a sample is right; wrong samples favour three
// popular wrong answers; 5% of samples have no box; right answers have lower
// entropy and higher reward scores.
func synthetic(cells, problems, samples int, seed uint64) *sweep {
	r := rand.New(rand.NewPCG(seed, seed+1))
	set := &dataset.Set{Name: "synth"}
	subjects := []string{"Algebra", "Geometry", "Number Theory", "Counting & Probability", "Precalculus"}
	wrong := make([][3]int, problems)
	diff := make([]float64, problems)
	for p := range problems {
		set.Problems = append(set.Problems, dataset.Problem{ID: strconv.Itoa(p), Answer: strconv.Itoa(r.IntN(1000)),
			Subject: subjects[p%len(subjects)], Level: 1 + p%5})
		wrong[p] = [3]int{r.IntN(1000), r.IntN(1000), r.IntN(1000)}
		diff[p] = r.NormFloat64() * 1.5
	}
	texts := map[string]string{} // shares equal texts, as a cache read would not
	e := &lang.Experiment{Name: "bench", Samples: samples, Evaluate: []string{"synth"},
		Voting: lang.Voting{Method: []string{"majority", "confidence_weighted", "entropy_weighted", "score_weighted", "numeric_average"},
			K: []int{4, 8}, EarlyStop: []int{0, 3}}}
	p := &runner.Plan{Sets: []runner.SetCount{{Name: "synth", Problems: problems}}}
	var out []runner.ItemSamples
	for c := range cells {
		p.Cells = append(p.Cells, runner.Cell{Name: fmt.Sprintf("cell%03d", c), Samples: samples})
		skill := -0.5 + 2*float64(c)/float64(cells)
		for pi := range problems {
			it := &runner.Item{Cell: c, Set: "synth", Problem: set.Problems[pi]}
			is := runner.ItemSamples{Item: it, Samples: make([]*cache.Row, samples)}
			pRight := 1 / (1 + math.Exp(diff[pi]-skill))
			for s := range samples {
				is.Samples[s] = syntheticRow(r, pRight, set.Problems[pi].Answer, wrong[pi], texts)
			}
			out = append(out, is)
		}
	}
	return &sweep{exp: e, plan: p, cat: dataset.NewCatalog(set), samples: out}
}

func syntheticRow(r *rand.Rand, pRight float64, gold string, wrong [3]int, texts map[string]string) *cache.Row {
	right := r.Float64() < pRight
	ans := gold
	if !right {
		switch u := r.Float64(); {
		case u < 0.2:
			ans = strconv.Itoa(r.IntN(1000))
		case u < 0.6:
			ans = strconv.Itoa(wrong[0])
		case u < 0.84:
			ans = strconv.Itoa(wrong[1])
		default:
			ans = strconv.Itoa(wrong[2])
		}
	}
	text := openings[r.IntN(len(openings))] + " The final answer is $\\boxed{" + ans + "}$."
	if r.Float64() < 0.05 {
		text = openings[r.IntN(len(openings))] + " I could not finish."
	}
	if t, ok := texts[text]; ok {
		text = t
	} else {
		texts[text] = text
	}
	h, score := 0.6+0.25*r.NormFloat64(), 0.35+0.2*r.NormFloat64()
	if right {
		h, score = 0.35+0.2*r.NormFloat64(), 0.65+0.2*r.NormFloat64()
	}
	h = math.Max(h, 0.01)
	return &cache.Row{Completion: backends.Completion{Text: text, MeanEntropy: &h, Score: &score}}
}

// BenchmarkEvaluateGrid evaluates 20 voting settings over 1,000,000 cached
// samples (100 cells × 1,250 problems × 8), grading included.
func BenchmarkEvaluateGrid(b *testing.B) {
	s := synthetic(100, 1250, 8, 42)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := Evaluate(s.exp, s.plan, s.cat, s.samples); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/eval")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "sys-MiB")
	b.ReportMetric(float64(before.HeapInuse)/(1<<20), "input-heap-MiB")
}
