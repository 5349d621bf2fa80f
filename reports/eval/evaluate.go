package eval

import (
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/answer"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// Confidence is the level of every interval.
const Confidence = 0.95

// Evaluate grades, votes and compares the cached samples of a plan. samples
// is runner.Collect's result; missing samples abstain and are counted.
func Evaluate(e *lang.Experiment, p *runner.Plan, cat *dataset.Catalog, samples []runner.ItemSamples) (*Results, error) {
	ev, err := newEvaluation(e, p, cat)
	if err != nil {
		return nil, err
	}
	if err := ev.grade(samples); err != nil {
		return nil, err
	}
	ev.addEnsembles(resolveEnsembles(e, p))
	if err := ev.evaluatePools(); err != nil {
		return nil, err
	}
	ev.compare()
	ev.res.Selection = selectBest(ev.res, e.Select)
	ev.annotate()
	ev.keep()
	return ev.res, nil
}

// keep attaches the graded pools to the results for Results.Problems, with
// the cell names they answer to (a caller may edit the exported fields),
// and drops the text cache, which holds every distinct text.
func (ev *evaluation) keep() {
	ev.notes = nil
	ev.grid = slices.Clone(ev.grid)
	for _, c := range ev.res.Cells {
		ev.cellNames = append(ev.cellNames, c.Name)
	}
	ev.res.graded = ev
}

// evaluation is Evaluate's working state.
type evaluation struct {
	res   *Results
	plan  *runner.Plan
	sets  []*dataset.Set
	index []map[string]int // per set: problem ID to position
	pools [][]*pool        // per set, per cell (plan cells, then ensembles)
	grid  []Setting
	// ensembleSettings holds each ensemble's one setting.
	ensembleSettings []Setting
	// cellNames names the pools' cells once Evaluate is done.
	cellNames []string
	// opts are the extraction options; texts every distinct text's
	// extraction, which pools index; golds per set, each problem's grades.
	opts  answer.Options
	texts *[]extraction
	golds [][]*problemGrades
	notes *notes
}

func newEvaluation(e *lang.Experiment, p *runner.Plan, cat *dataset.Catalog) (*evaluation, error) {
	ev := &evaluation{
		res: &Results{Experiment: e.Name, Confidence: Confidence, Seed: uint64(e.Seed),
			Settings: settings(e.Voting)},
		plan: p, opts: answer.Options{Fallbacks: e.Grading.Fallbacks}, texts: new([]extraction), notes: newNotes(),
	}
	ev.grid = ev.res.Settings
	for _, sc := range p.Sets {
		set, err := cat.Set(sc.Name)
		if err != nil {
			return nil, fmt.Errorf("evaluate: %w", err)
		}
		idx := make(map[string]int, len(set.Problems))
		for i, prob := range set.Problems {
			idx[prob.ID] = i
		}
		ev.sets, ev.index = append(ev.sets, set), append(ev.index, idx)
		ev.res.Sets = append(ev.res.Sets, SetInfo{Name: set.Name, Problems: len(set.Problems), Integer: set.Integer})
		pools := make([]*pool, len(p.Cells))
		for ci, c := range p.Cells {
			pools[ci] = newPool(ci, set, c.Samples, ev.texts)
		}
		golds := make([]*problemGrades, len(set.Problems))
		for i := range golds {
			golds[i] = newProblemGrades(set, i)
		}
		ev.golds = append(ev.golds, golds)
		ev.pools = append(ev.pools, pools)
	}
	for _, c := range p.Cells {
		ev.res.Cells = append(ev.res.Cells, CellInfo{Name: c.Name, Kind: "cell", ID: c.ID, Model: c.Model, Adapter: c.Adapter,
			Template: c.Template, Fewshot: c.Fewshot, Temperature: c.Sampling.Temperature, TopP: c.Sampling.TopP, Samples: c.Samples})
	}
	return ev, nil
}

// gradeJob is one item's samples, resolved to its set and problem.
type gradeJob struct {
	si, p int
	is    runner.ItemSamples
}

// grade puts every cached sample into its pool, grading it on the way, on
// every CPU. A problem is graded by one goroutine, in item order, so its
// cached verdicts and merged answers come out as a serial pass makes them;
// each goroutine extracts into its own list, and join renumbers.
func (ev *evaluation) grade(samples []runner.ItemSamples) error {
	workers := runtime.GOMAXPROCS(0)
	jobs, err := ev.gradeJobs(samples, workers)
	if err != nil {
		return err
	}
	xs := make([]*extractor, workers)
	var wg sync.WaitGroup
	for w := range workers {
		xs[w] = newExtractor(ev.opts)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, j := range jobs[w] {
				ev.pools[j.si][j.is.Item.Cell].fill(xs[w], ev.golds[j.si][j.p], j.p, j.is.Samples)
			}
		}()
	}
	wg.Wait()
	ev.join(xs)
	for si := range ev.pools {
		for ci, pl := range ev.pools[si] {
			pl.finish()
			ev.res.Missing += pl.missing
			if si == 0 {
				ev.res.Cells[ci].Confidence = pl.source
			}
		}
	}
	return nil
}

// gradeJobs checks every item against the plan and deals them to workers by
// problem.
func (ev *evaluation) gradeJobs(samples []runner.ItemSamples, workers int) ([][]gradeJob, error) {
	setOf := map[string]int{}
	for si, s := range ev.sets {
		setOf[s.Name] = si
	}
	jobs := make([][]gradeJob, workers)
	for _, is := range samples {
		it := is.Item
		si, ok := setOf[it.Set]
		if !ok || it.Cell < 0 || it.Cell >= len(ev.plan.Cells) {
			return nil, fmt.Errorf("evaluate: item of cell %d on set %q is not in the plan", it.Cell, it.Set)
		}
		p, ok := ev.index[si][it.Problem.ID]
		if !ok {
			return nil, fmt.Errorf("evaluate: problem %s is not in set %s", it.Problem.ID, it.Set)
		}
		w := workerOf(si, p, workers)
		jobs[w] = append(jobs[w], gradeJob{si, p, is})
	}
	return jobs, nil
}

func workerOf(si, p, workers int) int { return (si + p) % workers }

// join concatenates the extractors' lists into ev.texts and renumbers the
// pools' text indexes, problem by problem, by the offset of the list of the
// goroutine that graded the problem.
func (ev *evaluation) join(xs []*extractor) {
	offset := make([]int32, len(xs))
	for w, x := range xs {
		offset[w] = int32(len(*ev.texts))
		*ev.texts = append(*ev.texts, x.list...)
	}
	for si := range ev.pools {
		for _, pl := range ev.pools[si] {
			for p := range pl.set.Problems {
				off := offset[workerOf(si, p, len(xs))]
				text := pl.text[p*pl.n : (p+1)*pl.n]
				for s, t := range text {
					if t >= 0 {
						text[s] = t + off
					}
				}
			}
		}
	}
}

// addEnsembles pools member cells into one more pool per set and ensemble.
func (ev *evaluation) addEnsembles(specs []ensembleSpec) {
	for _, spec := range specs {
		ci := len(ev.res.Cells)
		info := CellInfo{Name: spec.name, Kind: "ensemble", Method: spec.method}
		for i, m := range spec.cells {
			info.Members = append(info.Members, Member{Cell: ev.plan.Cells[m].Name, Weight: spec.weights[i]})
		}
		weighted := false
		for _, w := range spec.weights {
			weighted = weighted || w != 1
		}
		for si := range ev.sets {
			var members []*pool
			for _, m := range spec.cells {
				members = append(members, ev.pools[si][m])
			}
			var pl *pool
			if len(members) == 0 {
				pl = newPool(ci, ev.sets[si], 0, ev.texts)
			} else {
				pl = ensemblePool(ci, spec, members)
			}
			ev.pools[si] = append(ev.pools[si], pl)
			info.Samples, info.Confidence = pl.n, pl.source
		}
		method := weightMethod(spec.method, weighted)
		ev.ensembleSettings = append(ev.ensembleSettings, Setting{Name: settingName(spec.method, info.Samples, 0), Method: method, K: info.Samples})
		ev.res.Cells = append(ev.res.Cells, info)
	}
}

// settingsOf returns the settings cell ci is evaluated under.
func (ev *evaluation) settingsOf(ci int) []Setting {
	if ci < len(ev.plan.Cells) {
		return ev.grid
	}
	return ev.ensembleSettings[ci-len(ev.plan.Cells) : ci-len(ev.plan.Cells)+1]
}
