package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/urfave/cli/v2"
)

func evalCommand() *cli.Command {
	return &cli.Command{
		Name:      "eval",
		Usage:     "grade, vote and compare a sweep's cached samples, without calling any backend",
		ArgsUsage: "EXPERIMENT.jsonnet",
		Flags: append(experimentFlags(),
			cacheFlag(),
			&cli.BoolFlag{Name: "json", Usage: "print the results as JSON"},
			&cli.BoolFlag{Name: "partial", Usage: "evaluate even when some generations are missing (they abstain)"},
		),
		Action: evalAction,
	}
}

func evalAction(c *cli.Context) error {
	sw, err := prepareSweep(c)
	if err != nil {
		return err
	}
	path := c.String("cache")
	if _, err := os.Stat(path); err != nil {
		return fmt.Errorf("no cache at %s: run `aimo run %s` first", path, c.Args().First())
	}
	store, err := cache.Open(path)
	if err != nil {
		return err
	}
	defer store.Close()
	samples, missing, err := runner.Collect(store, sw.items)
	if err != nil {
		return err
	}
	if missing > 0 && !c.Bool("partial") {
		return fmt.Errorf("%d generations are missing from %s: run `aimo run %s` to generate them, or pass --partial", missing, path, c.Args().First())
	}
	res, err := eval.Evaluate(sw.exp, sw.plan, sw.sets.Catalog, samples)
	if err != nil {
		return err
	}
	if c.Bool("json") {
		enc := json.NewEncoder(c.App.Writer)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	return res.WriteLeaderboard(c.App.Writer)
}
