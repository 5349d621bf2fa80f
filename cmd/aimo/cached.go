package main

import (
	"os"
	"path/filepath"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
	"github.com/urfave/cli/v2"
)

// describeCached fills the plan's cached count, its trainings' states and
// its servers' commands. It reads the cache only when the file exists: plan
// never creates a cache.
func describeCached(c *cli.Context, e *lang.Experiment, cat *dataset.Catalog, p *runner.Plan) error {
	path := c.String("cache")
	sw := &runner.Sweep{Exp: e, Catalog: cat, Plan: p}
	opts := runner.FleetOptions{Home: absDir(path), Logs: filepath.Join("out", e.Name, "logs")}
	if _, err := os.Stat(path); err != nil {
		return runner.NewFleet(sw, nil, opts).Describe()
	}
	items, err := runner.Items(e, p, cat)
	if err != nil {
		return err
	}
	store, err := cache.Open(path)
	if err != nil {
		return err
	}
	defer store.Close()
	var keys []string
	for _, it := range items {
		keys = append(keys, it.Keys...)
	}
	have, err := store.Has(keys)
	if err != nil {
		return err
	}
	p.Cached = len(have)
	return runner.NewFleet(sw, store, opts).Describe()
}
