package eval

import (
	"fmt"
	"runtime"
	"slices"
	"sync"

	"github.com/aimo-dev/aimo/lang"
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
	if err := ev.vote(); err != nil {
		return nil, err
	}
	ev.summarisePools()
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
	ev.grader, ev.notes = nil, nil
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
	grader    *grader
	notes     *notes
}

func newEvaluation(e *lang.Experiment, p *runner.Plan, cat *dataset.Catalog) (*evaluation, error) {
	ev := &evaluation{
		res: &Results{Experiment: e.Name, Confidence: Confidence, Seed: uint64(e.Seed),
			Settings: settings(e.Voting)},
		plan: p, grader: newGrader(e.Grading.Fallbacks), notes: newNotes(),
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
			pools[ci] = newPool(ci, set, c.Samples)
		}
		ev.pools = append(ev.pools, pools)
	}
	for _, c := range p.Cells {
		ev.res.Cells = append(ev.res.Cells, CellInfo{Name: c.Name, Kind: "cell", ID: c.ID, Model: c.Model, Adapter: c.Adapter,
			Template: c.Template, Fewshot: c.Fewshot, Temperature: c.Sampling.Temperature, TopP: c.Sampling.TopP, Samples: c.Samples})
	}
	return ev, nil
}

// grade puts every cached sample into its pool, grading it on the way.
func (ev *evaluation) grade(samples []runner.ItemSamples) error {
	setOf := map[string]int{}
	for si, s := range ev.sets {
		setOf[s.Name] = si
	}
	for _, is := range samples {
		it := is.Item
		si, ok := setOf[it.Set]
		if !ok || it.Cell < 0 || it.Cell >= len(ev.plan.Cells) {
			return fmt.Errorf("evaluate: item of cell %d on set %q is not in the plan", it.Cell, it.Set)
		}
		p, ok := ev.index[si][it.Problem.ID]
		if !ok {
			return fmt.Errorf("evaluate: problem %s is not in set %s", it.Problem.ID, it.Set)
		}
		ev.pools[si][it.Cell].fill(ev.grader, p, is.Samples)
	}
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
				pl = newPool(ci, ev.sets[si], 0)
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

// vote evaluates the grid, one pool per task, on every CPU.
func (ev *evaluation) vote() error {
	type task struct{ si, ci, at int }
	var tasks []task
	n := 0
	for si := range ev.pools {
		for ci := range ev.pools[si] {
			tasks = append(tasks, task{si, ci, n})
			n += len(ev.settingsOf(ci))
		}
	}
	ev.res.Grid = make([]Entry, n)
	errs := make([]error, len(tasks))
	next := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v := &voter{conf: Confidence}
			for t := range next {
				tk := tasks[t]
				errs[t] = ev.voteTask(v, tk.si, tk.ci, tk.at)
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

func (ev *evaluation) voteTask(v *voter, si, ci, at int) error {
	pl := ev.pools[si][ci]
	for j, st := range ev.settingsOf(ci) {
		e, err := v.entry(pl, ev.res.Cells[ci].Name, st)
		if err != nil {
			return err
		}
		ev.res.Grid[at+j] = e
	}
	return nil
}
