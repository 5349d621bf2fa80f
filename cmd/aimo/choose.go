package main

import (
	"fmt"

	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/dataset"
	"github.com/urfave/cli/v2"
)

// chosen is a sweep evaluated from the cache, with the cell and voting
// setting to ship, and that cell's samples on the selection set.
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
// The sweep is evaluated as `aimo eval` does, streaming, and only then are
// the rows read that the commands use: the chosen cell's on the selection
// set, a sliver of a large sweep's.
func chooseFromCache(c *cli.Context) (*chosen, error) {
	defer setGC(gcBudget(0, 0))()
	sw, store, err := sweepAndCache(c, runner.DeriveOptions{KeysOnDemand: true})
	if err != nil {
		return nil, err
	}
	defer store.Close()
	res, err := streamEvaluate(c, sw, store, true)
	if err != nil {
		return nil, err
	}
	if res.Selection == nil {
		return nil, fmt.Errorf("nothing was evaluated on the selection set: nothing to choose")
	}
	ch := &chosen{sw: sw, res: res}
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
	if ch.cached("") == 0 {
		return nil, usagef("the cache %s holds no sample of %s on %s: run `aimo run %s` first", cachePath(c), sw.Exp.Name, ch.set.Name, c.Args().First())
	}
	if ch.cached(name) == 0 {
		return nil, usagef("the cache %s holds no sample of cell %s on %s: run `aimo run %s` first", cachePath(c), name, ch.set.Name, c.Args().First())
	}
	var items []runner.Item
	for _, it := range sw.Items {
		if it.Cell == ch.cell && it.Set == ch.set.Name {
			items = append(items, it)
		}
	}
	if ch.samples, _, err = runner.Collect(store, items); err != nil {
		return nil, err
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

// cached counts the successful samples of a cell on the selection set
// (every cell's for ""), as the evaluation found them.
func (ch *chosen) cached(cell string) int {
	n := 0
	for _, pl := range ch.res.Pools {
		if pl.Set == ch.set.Name && (cell == "" || pl.Cell == cell) {
			n += pl.Samples
		}
	}
	return n
}
