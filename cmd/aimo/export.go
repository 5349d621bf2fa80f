package main

import (
	"errors"
	"fmt"
	"io"
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
			Usage:     "write an AIMO3 notebook, the same code as a .py, config.json and kernel-metadata.json",
			ArgsUsage: "EXPERIMENT.jsonnet",
			Flags: append(append(experimentFlags(), cacheFlag()), append(choiceFlags(),
				&cli.StringFlag{Name: "out", Usage: "output `DIR` (default: out/<experiment>/kaggle)"},
			)...),
			Action: exportKaggle,
		}},
	}
}

// exportKaggle exports the chosen cell with its selected setting: its k
// attempts and its early stop. The simulation picks only the time policy,
// the best safe clamp for that setting. A choice the notebook cannot run
// as measured is refused, exit 2, with the reason; nothing is written.
func exportKaggle(c *cli.Context) error {
	ch, err := chooseFromCache(c)
	if err != nil {
		return err
	}
	e, cell := ch.sw.Exp, ch.sw.Plan.Cells[ch.cell]
	if err := kaggle.Shippable(e, cell, ch.setting.Method); err != nil {
		if alt := ch.shippableSetting(); alt != "" && !c.IsSet("setting") {
			return usagef("%v; --setting %q is the best the notebook can run", err, alt)
		}
		return usagef("%v", err)
	}
	bc := ch.budgetConfig()
	bc.Attempts, bc.EarlyStop = []int{ch.setting.K}, []int{ch.setting.EarlyStop}
	clamp, simulated := ch.clamp(c, bc)
	cfg, err := kaggle.Build(e, ch.sw.Catalog, kaggle.Choice{Cell: cell, Setting: ch.setting.Name, Method: ch.setting.Method,
		K: ch.setting.K, EarlyStop: ch.setting.EarlyStop, Clamp: clamp, Budget: bc, Trainings: ch.sw.Plan.Trainings}, kaggle.AIMO3)
	var refusal *kaggle.RefusalError
	if errors.As(err, &refusal) {
		return usagef("%v", err)
	} else if err != nil {
		return err
	}
	md := kaggle.KernelMetadata(e)
	dir := c.String("out")
	if dir == "" {
		dir = filepath.Join("out", e.Name, "kaggle")
	}
	if err := kaggle.Write(dir, cfg, md); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%s: cell %s, %s, time %s (%s)\nwrote %s/{%s,%s,%s,%s}\n", e.Name, cfg.Cell, cfg.Setting, clamp.Clamp(), simulated,
		dir, kaggle.NotebookName, kaggle.ModuleName, kaggle.ConfigName, kaggle.MetadataName)
	exportNotes(c.App.ErrWriter, ch, cfg, md)
	return nil
}

// shippableSetting is the chosen cell's best-ranked setting on the
// selection set that the notebook can run, or "".
func (ch *chosen) shippableSetting() string {
	best, name := -1, ""
	cell := ch.sw.Plan.Cells[ch.cell]
	for _, en := range ch.res.Grid {
		if en.Set != ch.set.Name || en.Cell != cell.Name || best >= 0 && en.Rank >= best {
			continue
		}
		for _, s := range ch.res.Settings {
			if s.Name == en.Setting && kaggle.Shippable(ch.sw.Exp, cell, s.Method) == nil {
				best, name = en.Rank, s.Name
			}
		}
	}
	return name
}

// clamp is the best safe time policy for the setting, and a line saying
// how it was found; without timings to simulate it is the budget's first.
func (ch *chosen) clamp(c *cli.Context, bc budget.Config) (budget.Policy, string) {
	rep, err := ch.simulate(c, bc)
	if err != nil {
		return bc.Grid()[0], fmt.Sprintf("not simulated (%v)", err)
	}
	best, ok := rep.Best()
	if !ok {
		return rep.Policies[0].Policy, fmt.Sprintf("no policy is safe: %.0f%% of simulated runs overrun", 100*rep.Policies[0].Overrun)
	}
	return best.Policy, fmt.Sprintf("simulated score %.1f, private %.1f of %d, overrun %.1f%%",
		best.Score.Mean, best.Private.Mean, rep.Config.Problems, 100*best.Overrun)
}

// exportNotes says what the user must still see to: a kernel id, inputs
// no source attaches, a selection set unlike the competition's.
func exportNotes(w io.Writer, ch *chosen, cfg *kaggle.Config, md kaggle.Metadata) {
	if filepath.Dir(md.ID) == kaggle.Placeholder {
		fmt.Fprintf(w, "note: kernel-metadata.json has id %s; declare kaggle.kernel to push it\n", md.ID)
	}
	for _, p := range kaggle.Unattached(cfg, md) {
		fmt.Fprintf(w, "note: %s\n", p)
	}
	if !ch.set.Integer {
		fmt.Fprintf(w, "note: %s does not have integer answers; the notebook answers integers in 0-99999, so its Kaggle score need not match the measured accuracy\n", ch.set.Name)
	}
}
