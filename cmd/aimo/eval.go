package main

import (
	"encoding/json"

	"github.com/urfave/cli/v2"
)

func evalCommand() *cli.Command {
	return &cli.Command{
		Name:      "eval",
		Usage:     "grade, vote and compare a sweep's cached samples, without calling any backend",
		ArgsUsage: "EXPERIMENT.jsonnet",
		Flags: append(experimentFlags(),
			cacheFlag(),
			limitFlag(),
			&cli.BoolFlag{Name: "json", Usage: "print the results as JSON"},
			&cli.BoolFlag{Name: "partial", Usage: "evaluate even when some generations are missing (they abstain)"},
		),
		Action: evalAction,
	}
}

func evalAction(c *cli.Context) error {
	res, err := streamFromCache(c, c.Bool("partial"))
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
