package eval

import (
	"fmt"
	"slices"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// Confidence is the level of every interval.
const Confidence = 0.95

// Evaluate grades, votes and compares the cached samples of a plan. samples
// is runner.Collect's result; missing samples abstain and are counted. The
// results keep nothing of samples' rows.
func Evaluate(e *lang.Experiment, p *runner.Plan, cat *dataset.Catalog, samples []runner.ItemSamples) (*Results, error) {
	return EvaluateFrom(e, p, cat, FromSamples(samples))
}

// EvaluateFrom is Evaluate of the samples src serves, graded as they arrive
// and dropped, so that only a few bytes a sample are held at a time: what
// `aimo eval` uses to read a cache of millions of rows (runner.Stream). The
// results are Evaluate's on the same samples, whatever order they come in.
func EvaluateFrom(e *lang.Experiment, p *runner.Plan, cat *dataset.Catalog, src Source) (*Results, error) {
	ev, err := newEvaluation(e, p, cat)
	if err != nil {
		return nil, err
	}
	if err := ev.grade(src); err != nil {
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
		all := make([]problemGrades, len(set.Problems)) // one allocation for the set
		for i := range golds {
			all[i].init(set, i)
			golds[i] = &all[i]
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
