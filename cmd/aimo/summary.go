package main

import (
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/urfave/cli/v2"
)

// evaluateAndPrint ends a run with the leaderboard, computed from the cache.
func evaluateAndPrint(c *cli.Context, e *lang.Experiment, sw *sweep, store *cache.Store) error {
	samples, _, err := runner.Collect(store, sw.items)
	if err != nil {
		return err
	}
	res, err := eval.Evaluate(e, sw.plan, sw.sets.Catalog, samples)
	if err != nil {
		return err
	}
	return res.WriteLeaderboard(c.App.Writer)
}
