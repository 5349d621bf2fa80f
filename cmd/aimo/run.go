package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/urfave/cli/v2"
	"golang.org/x/term"
)

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "generate every sample of a sweep through the cache, then evaluate",
		ArgsUsage: "EXPERIMENT.jsonnet",
		Flags: append(experimentFlags(),
			cacheFlag(),
			launcherFlag(),
			&cli.IntFlag{Name: "workers", Usage: "concurrent requests per model (default: the model's concurrency)"},
			limitFlag(),
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress lines"},
		),
		Action: func(c *cli.Context) error {
			ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
			defer stop()
			return runSweep(ctx, c)
		},
	}
}

// prepareSweep loads the command's experiment and derives its sweep.
func prepareSweep(c *cli.Context) (*runner.Sweep, error) {
	return prepareSweepWith(c, runner.DeriveOptions{})
}

// prepareSweepWith is prepareSweep with opts (--limit sets opts.Limit).
func prepareSweepWith(c *cli.Context, opts runner.DeriveOptions) (*runner.Sweep, error) {
	e, err := loadExperiment(c)
	if err != nil {
		return nil, err
	}
	if n := c.Int("limit"); n < 0 || c.IsSet("limit") && n == 0 {
		return nil, usagef("--limit must be at least 1, got %d", n)
	}
	opts.Limit = c.Int("limit") // only commands with --limit have a non-zero one
	return runner.DeriveWith(e, opts)
}

// limitFlag is --limit N: the first N problems of each evaluated set.
func limitFlag() cli.Flag {
	return &cli.IntFlag{Name: "limit", Usage: "only the first `N` problems of each evaluated set (a quick try; the full run reuses what it generates)"}
}

func runSweep(ctx context.Context, c *cli.Context) error {
	defer collectLate(lateFloor())()
	if c.Int("workers") < 0 {
		return usagef("--workers must be at least 1, got %d", c.Int("workers"))
	}
	var early *earlyCache
	if fi, err := os.Stat(c.Args().First()); err == nil && fi.Mode().IsRegular() {
		early = openEarly(cachePath(c))
	}
	sw, err := prepareSweep(c)
	if err == nil {
		err = runner.CheckRecorded(sw.Plan)
	}
	if err != nil {
		if early != nil {
			early.abandon()
		}
		return err
	}
	e := sw.Exp
	var store *cache.Store
	if early != nil {
		store, err = early.open()
	} else {
		store, err = cache.Open(cachePath(c))
	}
	if err != nil {
		return err
	}
	defer store.Close()
	var progress *runner.Progress
	if !c.Bool("quiet") {
		f, isFile := c.App.ErrWriter.(*os.File)
		progress = runner.NewProgress(c.App.ErrWriter, isFile && term.IsTerminal(int(f.Fd())))
	}
	fleet := newFleet(c, sw, store)
	defer fleet.Close()
	// The cache is read once: what it holds plans the run, and the run fills
	// in what it generates, for the evaluation that ends it.
	samples, _, err := runner.Collect(store, sw.Items)
	if err != nil {
		return err
	}
	if err := fleet.Prepare(ctx, runner.Work(sw.Plan, samples)); err != nil {
		return interrupted(ctx, err)
	}
	sum, err := runner.Execute(ctx, e, sw.Plan, sw.Items, runner.Options{
		Store: store, Generator: fleet.Generator, Workers: c.Int("workers"), Progress: progress, Samples: samples,
	})
	w := c.App.Writer
	fmt.Fprintf(w, "%s: %d requests: %d cached, %d new, %d failed", e.Name, sum.Requests, sum.Cached, sum.New, sum.Failed)
	if sum.Skipped > 0 {
		fmt.Fprintf(w, ", %d not attempted", sum.Skipped)
	}
	if sum.Lost > 0 {
		fmt.Fprintf(w, ", %d received but not stored", sum.Lost)
	}
	fmt.Fprintf(w, " (cache %s)\n", store.Path())
	for _, msg := range sum.TopFailures() {
		fmt.Fprintf(w, "  %d x %s\n", sum.Failures[msg], msg)
	}
	for _, warning := range sum.Warnings {
		fmt.Fprintf(c.App.ErrWriter, "warning: %s\n", warning)
	}
	if err != nil {
		return err
	}
	if sum.Interrupted {
		return fmt.Errorf("interrupted: completed generations are saved; run the same command again to resume")
	}
	if sum.Failed > 0 {
		return fmt.Errorf("%d generations failed (recorded as failures, never served as results); run again to retry them", sum.Failed)
	}
	// The run claims no more: the cache's log is copied into its file (and
	// synced) while the evaluation reads, so that closing it is quick. An
	// error here would only be the end of the run's claims failing, which
	// their lease ends anyway.
	_ = store.Settle()
	return evaluateAndPrint(c, sw, store, samples)
}
