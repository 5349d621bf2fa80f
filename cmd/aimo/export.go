package main

import (
	"fmt"
	"path/filepath"

	"github.com/aimo-dev/aimo/reports/budget"
	"github.com/aimo-dev/aimo/reports/kaggle"
	"github.com/urfave/cli/v2"
)

func exportCommand() *cli.Command {
	return &cli.Command{
		Name:  "export",
		Usage: "export the selected configuration",
		Subcommands: []*cli.Command{{
			Name:      "kaggle",
			Usage:     "write an AIMO3 notebook, the same code as a .py, and config.json",
			ArgsUsage: "EXPERIMENT.jsonnet",
			Flags: append(experimentFlags(), cacheFlag(),
				&cli.StringFlag{Name: "cell", Usage: "export this cell (default: the selected best)"},
				&cli.StringFlag{Name: "out", Usage: "output `DIR` (default: out/<experiment>/kaggle)"},
			),
			Action: exportKaggle,
		}},
	}
}

// exportKaggle exports the chosen cell with the best policy the budget
// simulation finds that fits (the budget's first policy when none does).
func exportKaggle(c *cli.Context) error {
	ch, err := chooseFromCache(c)
	if err != nil {
		return err
	}
	rep, err := ch.simulate(c)
	if err != nil {
		return err
	}
	best, ok := rep.Best()
	if !ok {
		fmt.Fprintln(c.App.ErrWriter, "aimo: no policy fits the budget in simulation; exporting the first of the grid")
		best = rep.Policies[0]
	}
	cfg, err := kaggle.Build(ch.sw.Exp, ch.sw.Catalog, kaggle.Choice{
		Cell: ch.sw.Plan.Cells[ch.cell], Setting: ch.setting.Name, Method: ch.setting.Method,
		Policy: best.Policy, Budget: budget.Config{Problems: rep.Config.Problems, TotalS: rep.Config.TotalS},
	}, kaggle.AIMO3)
	if err != nil {
		return err
	}
	dir := c.String("out")
	if dir == "" {
		dir = filepath.Join("out", ch.sw.Exp.Name, "kaggle")
	}
	if err := kaggle.Write(dir, cfg); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%s: cell %s, %s, %s (simulated score %.1f, private %.1f of %d)\nwrote %s/{%s,%s,%s}\n",
		ch.sw.Exp.Name, cfg.Cell, cfg.Setting, best.Name, best.Score.Mean, best.Private.Mean, rep.Config.Problems,
		dir, kaggle.NotebookName, kaggle.ModuleName, kaggle.ConfigName)
	return nil
}
