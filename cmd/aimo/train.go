package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/urfave/cli/v2"
)

func trainCommand() *cli.Command {
	return &cli.Command{
		Name:      "train",
		Usage:     "train the sweep's LoRA adapters that are not trained yet (aimo run does this too)",
		ArgsUsage: "EXPERIMENT.jsonnet",
		Flags:     append(experimentFlags(), cacheFlag(), launcherFlag()),
		Action: func(c *cli.Context) error {
			ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
			defer stop()
			sw, err := prepareSweep(c)
			if err != nil {
				return err
			}
			if len(sw.Plan.Trainings) == 0 {
				fmt.Fprintf(c.App.Writer, "%s: no adapters to train\n", sw.Exp.Name)
				return nil
			}
			store, err := cache.Open(cachePath(c))
			if err != nil {
				return err
			}
			defer store.Close()
			fleet := newFleet(c, sw, store)
			defer fleet.Close()
			if err := fleet.Train(ctx, sw.Plan.Trainings); err != nil {
				return interrupted(ctx, err)
			}
			for _, t := range sw.Plan.Trainings {
				rec, err := fleet.Trained(t)
				if err != nil {
					return err
				}
				fmt.Fprintf(c.App.Writer, "%s: trained (%s)\n", t.Name, rec.Path)
			}
			return nil
		},
	}
}

// newFleet keeps trained adapters and builtin models beside the cache file
// and logs under out/EXPERIMENT/logs.
func newFleet(c *cli.Context, sw *runner.Sweep, store *cache.Store) *runner.Fleet {
	return runner.NewFleet(sw, store, runner.FleetOptions{
		Home: absDir(store.Path()),
		Logs: filepath.Join("out", sw.Exp.Name, "logs"),
		Out:  c.App.ErrWriter,
	})
}

// interrupted turns the error of work cut short by Ctrl-C into the message
// that says nothing finished was lost.
func interrupted(ctx context.Context, err error) error {
	if ctx.Err() != nil && errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted: finished work is saved; run the same command again to resume")
	}
	return err
}

// absDir is the absolute folder of path: servers and trainers run with
// their own working folder, so the paths aimo hands them are absolute.
func absDir(path string) string {
	abs, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return filepath.Dir(path)
	}
	return abs
}
