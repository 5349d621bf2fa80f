package main

import (
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/urfave/cli/v2"
)

// evaluateAndPrint ends a run with the leaderboard, computed from the cache.
func evaluateAndPrint(c *cli.Context, sw *runner.Sweep, store *cache.Store) error {
	ev, err := evaluateStore(c, sw, store, false)
	if err != nil {
		return err
	}
	return ev.res.WriteLeaderboard(c.App.Writer)
}
