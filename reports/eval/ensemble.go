package eval

import (
	"sort"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
)

// ensembleSpec is an ensemble resolved to member cells (plan indices).
type ensembleSpec struct {
	name    string
	method  string
	cells   []int
	weights []float64
}

// resolveEnsembles matches each ensemble's members against the plan's
// cells, in name order. A cell matched by several members counts once, with
// the first member's weight.
func resolveEnsembles(e *lang.Experiment, p *runner.Plan) []ensembleSpec {
	names := make([]string, 0, len(e.Ensembles))
	for name := range e.Ensembles {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []ensembleSpec
	for _, name := range names {
		en := e.Ensembles[name]
		spec := ensembleSpec{name: name, method: en.Method}
		if spec.method == "" {
			spec.method = "majority"
		}
		seen := map[int]bool{}
		for _, m := range en.Members {
			w := m.Weight
			if w <= 0 {
				w = 1
			}
			for ci := range p.Cells {
				if !seen[ci] && matches(p, ci, m.Match) {
					seen[ci] = true
					spec.cells = append(spec.cells, ci)
					spec.weights = append(spec.weights, w)
				}
			}
		}
		out = append(out, spec)
	}
	return out
}

// matches reports whether cell ci has every axis value of match. The model
// axis matches the cell's model, its adapter or the adapter's grid name.
func matches(p *runner.Plan, ci int, match map[string]lang.Value) bool {
	c := p.Cells[ci]
	for axis, v := range match {
		var ok bool
		switch axis {
		case "model":
			ok = v.Str == c.Model || (c.Adapter != "" && (v.Str == c.Adapter || v.Str == gridOf(p, c.Adapter)))
		default:
			cv, known := c.Axis(axis)
			ok = known && cv == v
		}
		if !ok {
			return false
		}
	}
	return true
}

func gridOf(p *runner.Plan, adapter string) string {
	for _, t := range p.Trainings {
		if t.Name == adapter {
			return t.Grid
		}
	}
	return ""
}

// ensemblePool pools the members' samples problem by problem: members in
// declaration order, each cell's samples in sample order. Weights other than
// 1 scale each sample's vote (see weightMethod and pool.weigh). It copies no
// sample: load reads the members.
func ensemblePool(index int, spec ensembleSpec, members []*pool) *pool {
	weighted := false
	for _, w := range spec.weights {
		weighted = weighted || w != 1
	}
	first := members[0]
	pl := &pool{cell: index, set: first.set, members: members, weights: spec.weights,
		countOnly: weighted && weightMethod(spec.method, true) != spec.method,
		source:    first.source, goldKeys: first.goldKeys, golds: first.golds, timed: true}
	for _, m := range members {
		pl.n += m.n
		pl.missing += m.missing
		pl.hasEntropy = pl.hasEntropy || m.hasEntropy
		pl.hasScore = pl.hasScore || m.hasScore
		pl.timed = pl.timed && m.timed
	}
	return pl
}

// weightMethod is the method an ensemble votes with: majority becomes
// confidence_weighted over confidences equal to the weights when the members
// are weighted, so a weight of 2 counts a sample twice. Unanimous needs no
// weights: every sample agrees or none counts.
func weightMethod(method string, weighted bool) string {
	if weighted && method == "majority" {
		return "confidence_weighted"
	}
	return method
}
