package main

import (
	"os"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
	"github.com/urfave/cli/v2"
)

// countCached fills the plan's cached count when the cache file exists; plan
// never creates a cache.
func countCached(c *cli.Context, e *lang.Experiment, cat *dataset.Catalog, p *runner.Plan) error {
	path := c.String("cache")
	if _, err := os.Stat(path); err != nil {
		return nil
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
	return nil
}
