package main

import (
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/urfave/cli/v2"
)

// evaluateAndPrint ends a run with the leaderboard, computed from the samples
// the run collected and generated; only those still missing are read again.
func evaluateAndPrint(c *cli.Context, sw *runner.Sweep, store *cache.Store, samples []runner.ItemSamples) error {
	missing, err := runner.Refill(store, samples)
	if err != nil {
		return err
	}
	ev, err := evaluateSamples(c, sw, store, samples, missing, false)
	if err != nil {
		return err
	}
	return ev.res.WriteLeaderboard(c.App.Writer)
}
