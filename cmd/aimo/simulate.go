package main

import (
	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/reports/budget"
	"github.com/urfave/cli/v2"
)

func simulateCommand() *cli.Command {
	return &cli.Command{
		Name:      "simulate",
		Usage:     "replay cached samples as Kaggle runs: expected score, spread and overrun risk of each policy",
		ArgsUsage: "EXPERIMENT.jsonnet",
		Flags: append(append(experimentFlags(), cacheFlag()), append(choiceFlags(),
			&cli.IntFlag{Name: "runs", Usage: "simulated private-set runs (default: budget.runs, else 1000)"},
			&cli.Int64Flag{Name: "seed", Usage: "random seed (default: budget.seed)"},
			&cli.BoolFlag{Name: "json", Usage: "print JSON"},
		)...),
		Action: func(c *cli.Context) error {
			ch, err := chooseFromCache(c)
			if err != nil {
				return err
			}
			rep, err := ch.simulate(c, ch.budgetConfig())
			if err != nil {
				return err
			}
			if c.Bool("json") {
				return rep.WriteJSON(c.App.Writer)
			}
			return rep.WriteText(c.App.Writer)
		},
	}
}

// simulate replays the chosen cell's samples on the selection set.
func (ch *chosen) simulate(c *cli.Context, cfg budget.Config) (*budget.Report, error) {
	e := ch.sw.Exp
	problems := budget.FromItems(ch.set, ch.samples, ch.cell, answer.Options{Fallbacks: e.Grading.Fallbacks})
	if c.IsSet("runs") {
		cfg.Runs = c.Int("runs")
	}
	if c.IsSet("seed") {
		cfg.Seed = c.Int64("seed")
	}
	return budget.Simulate(problems, cfg)
}

// budgetConfig is the simulation's config for the chosen cell and setting.
func (ch *chosen) budgetConfig() budget.Config {
	return budget.ForExperiment(ch.sw.Exp, ch.sw.Plan.Cells[ch.cell].Model, ch.setting.Method, ch.setting.K)
}
