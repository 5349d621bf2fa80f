package main

import (
	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/reports/budget"
	"github.com/urfave/cli/v2"
)

// defaultMaxRuns bounds simulated runs unless --max-runs says otherwise:
// each run keeps its scores in memory, so --runs 1e9 would take gigabytes.
const defaultMaxRuns = 100_000

// maxRuns is --max-runs, or the default for commands that simulate without
// the flag (export).
func maxRuns(c *cli.Context) int {
	if n := c.Int("max-runs"); n > 0 {
		return n
	}
	return defaultMaxRuns
}

func simulateCommand() *cli.Command {
	return &cli.Command{
		Name:      "simulate",
		Usage:     "replay cached samples as Kaggle runs: expected score, spread and overrun risk of each policy",
		ArgsUsage: "EXPERIMENT.jsonnet",
		Flags: append(append(experimentFlags(), cacheFlag()), append(choiceFlags(),
			&cli.IntFlag{Name: "runs", Usage: "simulated private-set runs (default: budget.runs, else 1000)"},
			&cli.IntFlag{Name: "max-runs", Value: defaultMaxRuns, Usage: "refuse more than `N` simulated runs (each holds its scores in memory)"},
			&cli.Int64Flag{Name: "seed", Usage: "random seed (default: budget.seed)"},
			&cli.BoolFlag{Name: "json", Usage: "print JSON"},
		)...),
		Action: func(c *cli.Context) error {
			if runs := c.Int("runs"); c.IsSet("runs") && runs < 1 {
				return usagef("--runs must be at least 1, got %d", runs)
			}
			if runs, max := c.Int("runs"), maxRuns(c); runs > max {
				return usagef("--runs %d is more than the %d simulated runs allowed; raise --max-runs if you need them", runs, max)
			}
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
	if max := maxRuns(c); cfg.Runs > max {
		return nil, e.Refuse("budget.runs", "%d is more than the %d simulated runs allowed; raise --max-runs if you need them", cfg.Runs, max)
	}
	return budget.Simulate(problems, cfg)
}

// budgetConfig is the simulation's config for the chosen cell and setting.
func (ch *chosen) budgetConfig() budget.Config {
	return budget.ForExperiment(ch.sw.Exp, ch.sw.Plan.Cells[ch.cell].Model, ch.setting.Method, ch.setting.K)
}
