package render

import (
	"github.com/aimo-dev/aimo/backends/hf"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// Input is what a report is made from: the experiment, its plan and
// datasets, the samples runner.Collect read from the cache, and
// eval.Evaluate's results over them (the per-problem outcomes come from
// Results.Problems, so Results must be Evaluate's, not read from JSON).
type Input struct {
	Experiment *lang.Experiment
	Plan       *runner.Plan
	Catalog    *dataset.Catalog
	Samples    []runner.ItemSamples
	Results    *eval.Results
	// Adapters are the trainer's metrics of trained adapters, by name.
	Adapters map[string]*hf.Metrics
}

// rowKey names one problem's cached samples of a plan cell.
type rowKey struct{ cell, problem string }

// rowsOn returns the cached samples of the named plan cells on set, by
// cell and problem ID: the texts, tokens and latencies eval's outcomes
// leave out.
func rowsOn(in *Input, set string, cells map[string]bool) map[rowKey][]*cache.Row {
	out := map[rowKey][]*cache.Row{}
	for _, is := range in.Samples {
		it := is.Item
		if it.Set != set || it.Cell < 0 || it.Cell >= len(in.Plan.Cells) {
			continue
		}
		if name := in.Plan.Cells[it.Cell].Name; cells[name] {
			out[rowKey{name, it.Problem.ID}] = is.Samples
		}
	}
	return out
}
