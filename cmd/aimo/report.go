package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/reports/render"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/urfave/cli/v2"
)

// regressionError is report --check finding a significant drop.
type regressionError struct{ line string }

func (e regressionError) Error() string { return e.line }
func (e regressionError) ExitCode() int { return exitRegression }

func reportCommand() *cli.Command {
	return &cli.Command{
		Name:      "report",
		Usage:     "write Markdown, HTML, JSON and plots from the cache (never calls a backend)",
		ArgsUsage: "EXPERIMENT.jsonnet",
		Flags: append(experimentFlags(), cacheFlag(),
			&cli.StringFlag{Name: "out", Usage: "write into `DIR` (default out/EXPERIMENT)"},
			&cli.BoolFlag{Name: "partial", Usage: "report even when generations are missing, marking them"},
			&cli.StringFlag{Name: "check", Usage: "compare with a baseline `RESULTS.json`; exit 3 on a significant regression"},
		),
		Action: runReport,
	}
}

func runReport(c *cli.Context) error {
	sw, err := prepareSweep(c)
	if err != nil {
		return err
	}
	var baseline *render.Document
	if path := c.String("check"); path != "" {
		// Read first: the baseline may be the results.json about to be replaced.
		if baseline, err = render.ReadDocument(path); err != nil {
			return err
		}
	}
	rep, err := buildReport(c, sw)
	if err != nil {
		return err
	}
	files, err := rep.Files()
	if err != nil {
		return err
	}
	dir := c.String("out")
	if dir == "" {
		dir = filepath.Join("out", sw.exp.Name)
	}
	if err := render.Write(dir, files); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%s: wrote %d files to %s\n", sw.exp.Name, len(files), dir)
	if baseline == nil {
		return nil
	}
	v, err := render.Check(baseline, rep.Doc)
	if err != nil {
		return err
	}
	if v.Regressed {
		return regressionError{v.Line}
	}
	fmt.Fprintln(c.App.Writer, v.Line)
	return nil
}

// buildReport reads the sweep's samples from the cache and evaluates them;
// without --partial, a missing generation is an error.
func buildReport(c *cli.Context, sw *sweep) (*render.Report, error) {
	path := c.String("cache")
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no cache at %s: run `aimo run %s` first (or set --cache)", path, c.Args().First())
	}
	store, err := cache.Open(path)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	samples, _, err := runner.Collect(store, sw.items)
	if err != nil {
		return nil, err
	}
	if missing, total := countMissing(samples); missing > 0 && !c.Bool("partial") {
		return nil, fmt.Errorf("%d of %d generations are not in the cache %s: run `aimo run %s` first, or pass --partial to report what is there",
			missing, total, path, c.Args().First())
	}
	res, err := eval.Evaluate(sw.exp, sw.plan, sw.sets.Catalog, samples)
	if err != nil {
		return nil, err
	}
	return render.Build(render.Input{Experiment: sw.exp, Plan: sw.plan, Catalog: sw.sets.Catalog, Samples: samples, Results: res})
}

// countMissing counts samples the cache lacks or holds only as failures.
func countMissing(samples []runner.ItemSamples) (missing, total int) {
	for _, is := range samples {
		for _, r := range is.Samples {
			total++
			if r == nil || r.Failed() {
				missing++
			}
		}
	}
	return missing, total
}
