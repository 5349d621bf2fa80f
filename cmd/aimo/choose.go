package main

import (
	"fmt"

	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/dataset"
	"github.com/urfave/cli/v2"
)

// chosen is a sweep evaluated from the cache, with the cell and voting
// setting to ship.
type chosen struct {
	sw      *runner.Sweep
	samples []runner.ItemSamples
	res     *eval.Results
	set     *dataset.Set
	cell    int
	setting eval.Setting
}

// choiceFlags pick the cell and setting instead of the selection's winner.
func choiceFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "cell", Usage: "use this cell (default: the selected best)"},
		&cli.StringFlag{Name: "setting", Usage: "use this voting `SETTING`, as the leaderboard names it (default: the cell's best)"},
	}
}

// chooseFromCache evaluates the sweep from the cache and picks --cell (or
// the selection's winner) with --setting (or its best setting on the
// selection set). A cell the cache holds no sample of is refused, exit 2,
// as a missing cache is: there is nothing to simulate, export or submit.
func chooseFromCache(c *cli.Context) (*chosen, error) {
	ev, err := evaluateFromCache(c, true)
	if err != nil {
		return nil, err
	}
	sw, res := ev.sw, ev.res
	if res.Selection == nil {
		return nil, fmt.Errorf("nothing was evaluated on the selection set: nothing to choose")
	}
	ch := &chosen{sw: sw, samples: ev.samples, res: res}
	if ch.set, err = sw.Catalog.Set(res.Selection.On); err != nil {
		return nil, err
	}
	name := c.String("cell")
	if name == "" {
		name = res.Selection.Winner.Cell
	}
	var ok bool
	if ch.cell, ok = sw.Plan.CellIndex(name); !ok {
		return nil, usagef("no cell %q in the plan (see aimo plan)", name)
	}
	if ch.cached(-1) == 0 {
		return nil, usagef("the cache %s holds no sample of %s on %s: run `aimo run %s` first", cachePath(c), sw.Exp.Name, ch.set.Name, c.Args().First())
	}
	if ch.cached(ch.cell) == 0 {
		return nil, usagef("the cache %s holds no sample of cell %s on %s: run `aimo run %s` first", cachePath(c), name, ch.set.Name, c.Args().First())
	}
	if s := c.String("setting"); s != "" {
		if ch.setting, err = res.Setting(s); err != nil {
			return nil, usagef("%v", err)
		}
		return ch, nil
	}
	ch.setting = res.BestSetting(res.Selection.On, name)
	return ch, nil
}

// cached counts a cell's successful samples on the selection set (every
// cell's for -1).
func (ch *chosen) cached(cell int) int {
	n := 0
	for _, is := range ch.samples {
		if cell >= 0 && is.Item.Cell != cell || is.Item.Set != ch.set.Name {
			continue
		}
		for _, r := range is.Samples {
			if r != nil && !r.Failed() {
				n++
			}
		}
	}
	return n
}
