package main

import (
	"github.com/aimo-dev/aimo/reports/render"
	"github.com/urfave/cli/v2"
)

func diffCommand() *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "compare two reports' results.json entry by entry: accuracy deltas with paired exact McNemar tests",
		ArgsUsage: "A.results.json B.results.json",
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return usagef("diff needs two results.json files (got %d); see aimo diff --help", c.NArg())
			}
			a, err := render.ReadDocument(c.Args().Get(0))
			if err != nil {
				return usagef("%v", err)
			}
			b, err := render.ReadDocument(c.Args().Get(1))
			if err != nil {
				return usagef("%v", err)
			}
			return render.DiffDocuments(a, b).WriteDiff(c.App.Writer, c.Args().Get(0), c.Args().Get(1))
		},
	}
}
