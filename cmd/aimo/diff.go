package main

import (
	"strings"

	"github.com/aimo-dev/aimo/reports/render"
	"github.com/aimo-dev/aimo/runner"
	"github.com/urfave/cli/v2"
)

func diffCommand() *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "compare two reports entry by entry: accuracy deltas on shared problems with paired exact McNemar tests",
		ArgsUsage: "A B (each a results.json, or an experiment .jsonnet evaluated from the cache)",
		Flags:     append(experimentFlags(), cacheFlag()),
		Action: func(c *cli.Context) error {
			if c.NArg() != 2 {
				return usagef("diff needs two results.json files or experiments (got %d); see aimo diff --help", c.NArg())
			}
			a, err := diffSide(c, c.Args().Get(0))
			if err != nil {
				return err
			}
			b, err := diffSide(c, c.Args().Get(1))
			if err != nil {
				return err
			}
			return render.DiffDocuments(a, b).WriteDiff(c.App.Writer, c.Args().Get(0), c.Args().Get(1))
		},
	}
}

// diffSide reads one side of a diff: a results.json as written, or an
// experiment evaluated from its cache as aimo report would (nothing is
// written, no backend is called).
func diffSide(c *cli.Context, path string) (*render.Document, error) {
	if !strings.HasSuffix(path, ".jsonnet") {
		d, err := render.ReadDocument(path)
		if err != nil {
			return nil, usagef("%v", err)
		}
		return d, nil
	}
	e, err := loadExperimentAt(c, path)
	if err != nil {
		return nil, err
	}
	sw, err := runner.Derive(e)
	if err != nil {
		return nil, err
	}
	store, err := openExistingCache(c, path)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	ev, err := evaluateStore(c, sw, store, false)
	if err != nil {
		return nil, err
	}
	rep, err := render.Build(render.Input{Experiment: sw.Exp, Plan: sw.Plan, Catalog: sw.Catalog, Samples: ev.samples, Results: ev.res, Adapters: ev.adapters})
	if err != nil {
		return nil, err
	}
	return rep.Doc, nil
}
