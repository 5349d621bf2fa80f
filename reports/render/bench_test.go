package render

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// benchSettings is the voting grid of the synthetic sweep: 2 methods × 4 k.
var benchSettings = func() []eval.Setting {
	var out []eval.Setting
	for _, m := range []string{"majority", "score_weighted"} {
		for _, k := range []int{1, 4, 8, 16} {
			out = append(out, eval.Setting{Name: m + "@" + strconv.Itoa(k), Method: m, K: k})
		}
	}
	return out
}()

// syntheticInput builds report input shaped like a big sweep: cells (20
// models × cells/20 templates) × problems × samples cached rows with tokens
// and latencies, and a synthetic results grid. Evaluating 16 million
// samples exactly takes minutes (maj@k enumerates 2^16 subsets per
// problem), so eval.Evaluate grades only the selected cell, whose
// per-problem outcomes the report shows, and the grid is grafted on.
func syntheticInput(cells, problems, samples int) (Input, error) {
	r := rand.New(rand.NewPCG(7, 8))
	set := &dataset.Set{Name: "val"}
	subjects := []string{"Algebra", "Geometry", "Number Theory", "Counting & Probability", "Precalculus"}
	for p := range problems {
		set.Problems = append(set.Problems, dataset.Problem{ID: strconv.Itoa(p), Text: "Problem " + strconv.Itoa(p),
			Answer: strconv.Itoa(p % 1000), Subject: subjects[p%5], Level: 1 + p%5})
	}
	texts := make([]string, 1000)
	for i := range texts {
		texts[i] = "We compute carefully. Therefore the answer is $\\boxed{" + strconv.Itoa(i) + "}$."
	}
	plan := &runner.Plan{Sets: []runner.SetCount{{Name: "val", Problems: problems}}}
	res := &eval.Results{Experiment: "bench", Confidence: 0.95, Sets: []eval.SetInfo{{Name: "val", Problems: problems}}, Settings: benchSettings}
	rows := make([]cache.Row, cells*problems*samples)
	ptrs := make([]*cache.Row, len(rows))
	var items []runner.ItemSamples
	for c := range cells {
		name := fmt.Sprintf("m%02d-t%02d", c%20, c/20)
		plan.Cells = append(plan.Cells, runner.Cell{Name: name, Model: fmt.Sprintf("m%02d", c%20), Template: fmt.Sprintf("t%02d", c/20), Samples: samples})
		res.Cells = append(res.Cells, eval.CellInfo{Name: name, Kind: "cell", Model: fmt.Sprintf("m%02d", c%20), Template: fmt.Sprintf("t%02d", c/20), Samples: samples})
		skill := 0.3 + 0.6*float64(c)/float64(cells)
		for p := range problems {
			at := (c*problems + p) * samples
			for s := range samples {
				ans := p % 1000
				if r.Float64() > skill {
					ans = r.IntN(1000)
				}
				score := r.Float64()
				rows[at+s] = cache.Row{Completion: backends.Completion{Text: texts[ans], CompletionTokens: 200 + r.IntN(2000),
					LatencyS: 1 + 10*r.Float64(), Score: &score}}
				ptrs[at+s] = &rows[at+s]
			}
			items = append(items, runner.ItemSamples{Item: &runner.Item{Cell: c, Set: "val", Problem: set.Problems[p]}, Samples: ptrs[at : at+samples]})
		}
		addEntries(res, r, name, skill, problems, samples)
	}
	rankAndSelect(res)
	e := &lang.Experiment{Name: "bench", Samples: samples}
	in := Input{Experiment: e, Plan: plan, Catalog: dataset.NewCatalog(set), Samples: items, Results: res}
	return in, gradeWinner(&in)
}

// gradeWinner runs eval.Evaluate on the selected cell's samples, under the
// synthetic grid's settings, and grafts the synthetic results onto it.
func gradeWinner(in *Input) error {
	graded, err := evaluateCell(*in, in.Results.Selection.Winner.Cell)
	if err != nil {
		return err
	}
	res := in.Results
	graded.Experiment, graded.Confidence, graded.Sets, graded.Settings = res.Experiment, res.Confidence, res.Sets, res.Settings
	graded.Cells, graded.Grid, graded.Pools, graded.Selection, graded.Footnotes = res.Cells, res.Grid, res.Pools, res.Selection, nil
	in.Results = graded
	return nil
}

// evaluateCell runs eval.Evaluate on one cell's samples.
func evaluateCell(in Input, cell string) (*eval.Results, error) {
	e := *in.Experiment
	e.Voting = lang.Voting{Method: []string{"majority", "score_weighted"}, K: []int{1, 4, 8, 16}, EarlyStop: []int{0}}
	plan := &runner.Plan{Sets: in.Plan.Sets}
	var samples []runner.ItemSamples
	for _, is := range in.Samples {
		if c := in.Plan.Cells[is.Item.Cell]; c.Name == cell {
			if len(plan.Cells) == 0 {
				plan.Cells = append(plan.Cells, c)
			}
			it := *is.Item
			it.Cell = 0
			samples = append(samples, runner.ItemSamples{Item: &it, Samples: is.Samples})
		}
	}
	return eval.Evaluate(&e, plan, in.Catalog, samples)
}

func addEntries(res *eval.Results, r *rand.Rand, cell string, skill float64, problems, samples int) {
	for _, s := range benchSettings {
		acc := min(1, skill+0.02*float64(s.K)+0.01*r.Float64())
		correct := int(acc * float64(problems))
		e := eval.Entry{Set: "val", Cell: cell, Setting: s.Name, Problems: problems, Correct: correct,
			Accuracy: float64(correct) / float64(problems), MeanUsed: float64(s.K),
			Wilson: eval.Interval{Lo: acc - 0.01, Hi: min(1, acc+0.01)}}
		for _, g := range []string{"Algebra", "Geometry", "Number Theory", "Counting & Probability", "Precalculus"} {
			e.BySubject = append(e.BySubject, eval.Group{Name: g, Problems: problems / 5, Accuracy: acc})
			e.ByLevel = append(e.ByLevel, eval.Group{Name: "Level " + g[:1], Problems: problems / 5, Accuracy: acc})
		}
		res.Grid = append(res.Grid, e)
	}
	curve := make([]float64, samples)
	for k := range curve {
		curve[k] = skill
	}
	res.Pools = append(res.Pools, eval.Pool{Set: "val", Cell: cell, Samples: problems * samples, PassAtK: curve, MajAtK: curve})
}

// rankAndSelect ranks the grid by accuracy and selects the best entry.
func rankAndSelect(res *eval.Results) {
	idx := make([]int, len(res.Grid))
	for i := range idx {
		idx[i] = i
	}
	sortByAccuracy(res.Grid, idx)
	for r, i := range idx {
		res.Grid[i].Rank = r + 1
		if r > 0 {
			res.Grid[i].VsBest = &eval.Comparison{Delta: res.Grid[i].Accuracy - res.Grid[idx[0]].Accuracy, P: 0.01, PAdj: 0.5}
		}
	}
	best, second := res.Grid[idx[0]], res.Grid[idx[1]]
	res.Selection = &eval.Selection{On: "val", Metric: "accuracy",
		Winner:   eval.Pick{Cell: best.Cell, Setting: best.Setting, Accuracy: best.Accuracy, Wilson: best.Wilson},
		RunnerUp: &eval.Pick{Cell: second.Cell, Setting: second.Setting, Accuracy: second.Accuracy}, Verdict: "synthetic"}
}

func sortByAccuracy(grid []eval.Entry, idx []int) {
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(grid[b].Accuracy, grid[a].Accuracy) })
}

// benchCells is the sweep size the report must handle in under 30 s.
var benchCells = 200

// BenchmarkReport renders the whole report (Build and every file in
// memory) for 200 cells × 5,000 problems × 16 samples: 16 million cached
// rows. eval.Evaluate is not timed; the grid is synthetic. peak-MiB is
// the largest heap in use while rendering, input included.
func BenchmarkReport(b *testing.B) {
	in, err := syntheticInput(benchCells, 5000, 16)
	if err != nil {
		b.Fatal(err)
	}
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	var peak atomic.Uint64
	stop := watchHeap(&peak)
	b.ResetTimer()
	for range b.N {
		rep, err := Build(in)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := rep.Files(); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	stop()
	b.ReportMetric(b.Elapsed().Seconds()/float64(b.N), "s/report")
	b.ReportMetric(float64(before.HeapInuse)/(1<<20), "input-MiB")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-MiB")
}

// watchHeap records the largest HeapInuse every 20 ms until stopped.
func watchHeap(peak *atomic.Uint64) func() {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-done:
				return
			case <-time.After(20 * time.Millisecond):
			}
		}
	}()
	return func() { close(done); <-finished }
}
