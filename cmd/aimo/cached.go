package main

import (
	"os"
	"path/filepath"

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
	keys := map[string]bool{}
	var list []string
	for _, it := range sw.Items {
		for _, k := range it.Keys {
			if !keys[k] {
				keys[k] = true
				list = append(list, k)
			}
		}
	}
	have, err := store.Has(list)
	if err != nil {
		return err
	}
	sw.Plan.Cached = len(have)
	return runner.NewFleet(sw, store, opts).Describe()
}
