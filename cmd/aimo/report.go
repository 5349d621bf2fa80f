package main

import (
	"fmt"
	"path/filepath"

	"github.com/aimo-dev/aimo/reports/render"
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
		Flags: append(experimentFlags(), cacheFlag(), limitFlag(),
			&cli.StringFlag{Name: "out", Usage: "write into `DIR` (default out/EXPERIMENT)"},
			&cli.BoolFlag{Name: "partial", Usage: "report even when generations are missing, marking them"},
			&cli.StringFlag{Name: "check", Usage: "compare with a baseline `RESULTS.json`; exit 3 on a significant regression"},
		),
		Action: runReport,
	}
}

func runReport(c *cli.Context) error {
	var baseline *render.Document
	check := c.String("check")
	if check != "" {
		// Read first: the baseline may be the results.json about to be replaced.
		var err error
		if baseline, err = render.ReadDocument(check); err != nil {
			return usageError{"--check: " + err.Error()} // a wrong --check is bad usage (exit 2), not a regression
		}
	}
	rep, name, err := buildReport(c)
	if err != nil {
		return err
	}
	// Compare before writing: a baseline that cannot be compared (another
	// experiment's sets) is bad usage, exit 2 with nothing written; a
	// regression still writes the report, which shows it.
	var v render.Verdict
	if baseline != nil {
		if v, err = render.Check(baseline, rep.Doc); err != nil {
			return usageError{"--check " + check + ": " + err.Error()}
		}
	}
	files, err := rep.Files()
	if err != nil {
		return err
	}
	dir := c.String("out")
	if dir == "" {
		dir = filepath.Join("out", name)
	}
	if err := render.Write(dir, files); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%s: wrote %d files to %s\n", name, len(files), dir)
	if baseline == nil {
		return nil
	}
	if v.Regressed {
		return regressionError{v.Line}
	}
	fmt.Fprintln(c.App.Writer, v.Line)
	return nil
}

// buildReport evaluates the sweep's cached samples and builds the report;
// without --partial, a missing generation is an error.
func buildReport(c *cli.Context) (*render.Report, string, error) {
	ev, err := evaluateFromCache(c, c.Bool("partial"))
	if err != nil {
		return nil, "", err
	}
	r, err := render.Build(render.Input{Experiment: ev.sw.Exp, Plan: ev.sw.Plan, Catalog: ev.sw.Catalog, Samples: ev.samples, Results: ev.res, Adapters: ev.adapters})
	return r, ev.sw.Exp.Name, err
}
