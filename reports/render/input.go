package render

import (
	"fmt"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/answer"
	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// Input is what a report is made from: the experiment, its plan and
// datasets, the samples runner.Collect read from the cache, and
// eval.Evaluate's results over them.
type Input struct {
	Experiment *lang.Experiment
	Plan       *runner.Plan
	Catalog    *dataset.Catalog
	Samples    []runner.ItemSamples
	Results    *eval.Results
}

// index finds the cached rows of a cell on a set.
type index struct {
	in    *Input
	cells map[string]int // plan cell name to index
	items map[itemKey][]*runner.ItemSamples
}

type itemKey struct {
	cell int
	set  string
}

func newIndex(in *Input) *index {
	ix := &index{in: in, cells: map[string]int{}, items: map[itemKey][]*runner.ItemSamples{}}
	for i, c := range in.Plan.Cells {
		ix.cells[c.Name] = i
	}
	for i := range in.Samples {
		is := &in.Samples[i]
		k := itemKey{is.Item.Cell, is.Item.Set}
		ix.items[k] = append(ix.items[k], is)
	}
	return ix
}

// rows returns problem p's cached samples of cell ci on set, per problem
// in set order (nil where the plan has no item).
func (ix *index) rows(ci int, set *dataset.Set) [][]*cache.Row {
	pos := make(map[string]int, len(set.Problems))
	for p, prob := range set.Problems {
		pos[prob.ID] = p
	}
	out := make([][]*cache.Row, len(set.Problems))
	for _, is := range ix.items[itemKey{ci, set.Name}] {
		if p, ok := pos[is.Item.Problem.ID]; ok {
			out[p] = is.Samples
		}
	}
	return out
}

// pool grades cell (a plan cell or an ensemble) on set.
func (ix *index) pool(info eval.CellInfo, setName string) (*pool, error) {
	set, err := ix.in.Catalog.Set(setName)
	if err != nil {
		return nil, fmt.Errorf("render: %w", err)
	}
	opts := answer.Options{Fallbacks: ix.in.Experiment.Grading.Fallbacks}
	if info.Kind != "ensemble" {
		ci, ok := ix.cells[info.Name]
		if !ok {
			return nil, fmt.Errorf("render: cell %s is not in the plan", info.Name)
		}
		return cellPool(set, ix.in.Plan.Cells[ci].Samples, ix.rows(ci, set), opts), nil
	}
	var members []*pool
	var weights []float64
	for _, m := range info.Members {
		ci, ok := ix.cells[m.Cell]
		if !ok {
			return nil, fmt.Errorf("render: ensemble %s: member %s is not in the plan", info.Name, m.Cell)
		}
		members = append(members, cellPool(set, ix.in.Plan.Cells[ci].Samples, ix.rows(ci, set), opts))
		weights = append(weights, m.Weight)
	}
	if len(members) == 0 {
		return newPool(set, 0), nil
	}
	weighted := false
	for _, w := range weights {
		weighted = weighted || w != 1
	}
	countOnly := weighted && weightMethod(info.Method, true) != info.Method
	return ensemblePool(members, weights, countOnly), nil
}
