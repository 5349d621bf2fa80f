// Package sweeps runs example experiments for real in tests: through the
// replay backend (no server), into a temporary cache.
package sweeps

import (
	"context"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
)

// Run executes the experiment at file for real into the cache at cachePath
// (replay models need no server) and collects every item's samples.
func Run(file, cachePath string) (*runner.Sweep, []runner.ItemSamples, error) {
	sw, err := runner.Load(file, lang.Options{})
	if err != nil {
		return nil, nil, err
	}
	store, err := cache.Open(cachePath)
	if err != nil {
		return nil, nil, err
	}
	defer store.Close()
	opts := runner.Options{Store: store, Generator: runner.Generators(sw.Exp)}
	if _, err := runner.Execute(context.Background(), sw.Exp, sw.Plan, sw.Items, opts); err != nil {
		return nil, nil, err
	}
	samples, _, err := runner.Collect(store, sw.Items)
	return sw, samples, err
}
