package main

import (
	"fmt"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/answer"
	"github.com/aimo-dev/aimo/reports/budget"
	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/dataset"
	"github.com/urfave/cli/v2"
)

func simulateCommand() *cli.Command {
	return &cli.Command{
		Name:      "simulate",
		Usage:     "replay cached samples as Kaggle runs: expected score, spread and time risk of each policy",
		ArgsUsage: "EXPERIMENT.jsonnet",
		Flags: append(experimentFlags(), cacheFlag(),
			&cli.StringFlag{Name: "cell", Usage: "simulate this cell (default: the selected best)"},
			&cli.IntFlag{Name: "runs", Usage: "simulated private-set runs (default: budget.runs, else 1000)"},
			&cli.Int64Flag{Name: "seed", Usage: "random seed (default: budget.seed)"},
			&cli.BoolFlag{Name: "json", Usage: "print JSON"},
		),
		Action: func(c *cli.Context) error {
			ch, err := chooseFromCache(c)
			if err != nil {
				return err
			}
			rep, err := ch.simulate(c)
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

// chosen is a sweep evaluated from the cache, with the cell and voting
// setting to ship.
type chosen struct {
	sw      *runner.Sweep
	samples []runner.ItemSamples
	set     *dataset.Set
	cell    int
	setting eval.Setting
}

// chooseFromCache evaluates the sweep from the cache and picks --cell (or
// the selection's winner) with its best setting on the selection set.
func chooseFromCache(c *cli.Context) (*chosen, error) {
	ev, err := evaluateFromCache(c, true)
	if err != nil {
		return nil, err
	}
	sw, samples, res := ev.sw, ev.samples, ev.res
	if res.Selection == nil {
		return nil, fmt.Errorf("nothing was evaluated on the selection set: nothing to choose")
	}
	ch := &chosen{sw: sw, samples: samples}
	if ch.set, err = sw.Catalog.Set(res.Selection.On); err != nil {
		return nil, err
	}
	name := c.String("cell")
	if name == "" {
		name = res.Selection.Winner.Cell
	}
	if ch.cell, err = cellIndex(sw.Plan, name); err != nil {
		return nil, err
	}
	ch.setting = bestSetting(res, res.Selection.On, name)
	return ch, nil
}

func cellIndex(p *runner.Plan, name string) (int, error) {
	for i, cell := range p.Cells {
		if cell.Name == name {
			return i, nil
		}
	}
	return 0, usagef("no cell %q in the plan (see aimo plan)", name)
}

// bestSetting is the cell's best-ranked voting setting on set.
func bestSetting(res *eval.Results, set, cell string) eval.Setting {
	best := -1
	name := ""
	for _, e := range res.Grid {
		if e.Set == set && e.Cell == cell && (best < 0 || e.Rank < best) {
			best, name = e.Rank, e.Setting
		}
	}
	for _, s := range res.Settings {
		if s.Name == name {
			return s
		}
	}
	return res.Settings[0]
}

// simulate replays the chosen cell's samples on the selection set.
func (ch *chosen) simulate(c *cli.Context) (*budget.Report, error) {
	e := ch.sw.Exp
	problems := budget.FromItems(ch.set, ch.samples, ch.cell, answer.Options{Fallbacks: e.Grading.Fallbacks})
	cfg := budgetConfig(e, ch.setting)
	if c.IsSet("runs") {
		cfg.Runs = c.Int("runs")
	}
	if c.IsSet("seed") {
		cfg.Seed = c.Int64("seed")
	}
	return budget.Simulate(problems, cfg)
}

// budgetConfig fills the simulation's config from the experiment's budget
// block: per_problem_s lists the caps, min_s the floors, reserve_s the
// reserves, attempts the parallel attempts (default: the setting's k). The
// early stops are the voting grid's.
func budgetConfig(e *lang.Experiment, st eval.Setting) budget.Config {
	cfg := budget.Config{Method: st.Method, Attempts: []int{st.K}, EarlyStop: e.Voting.EarlyStop, Seed: e.Seed}
	if b := e.Budget; b != nil {
		cfg.Problems, cfg.TotalS, cfg.Runs = b.Problems, b.TotalS, b.Runs
		cfg.HighS, cfg.LowS, cfg.ReserveS = b.PerProblemS, b.MinS, b.ReserveS
		if b.Seed != 0 {
			cfg.Seed = b.Seed
		}
		if len(b.Attempts) > 0 {
			cfg.Attempts = b.Attempts
		}
		if len(b.EarlyStop) > 0 {
			cfg.EarlyStop = b.EarlyStop
		}
		if b.Method != "" {
			cfg.Method = b.Method
		}
		cfg.StartupS, cfg.TokensPerS, cfg.MaxRisk = b.StartupS, b.TokensPerS, b.MaxRisk
	}
	return cfg.Defaults()
}
