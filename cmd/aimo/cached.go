package main

import (
	"os"
	"path/filepath"
	"runtime"

	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/urfave/cli/v2"
)

// describeCached fills the plan's cached count, its trainings' states and
// its servers' commands. It reads the cache only when the file exists: plan
// never creates a cache.
func describeCached(c *cli.Context, sw *runner.Sweep) error {
	path := cachePath(c)
	sw.Plan.Cache = path
	opts := runner.FleetOptions{Home: absDir(path), Logs: filepath.Join("out", sw.Exp.Name, "logs")}
	if _, err := os.Stat(path); err != nil {
		return runner.NewFleet(sw, nil, opts).Describe()
	}
	store, err := cache.OpenReadOnly(path)
	if err != nil {
		return err
	}
	defer store.Close()
	if sw.Plan.Cached, err = runner.CountCached(store, sw.Plan, sw.Items, runtime.GOMAXPROCS(0)); err != nil {
		return err
	}
	return runner.NewFleet(sw, store, opts).Describe()
}
