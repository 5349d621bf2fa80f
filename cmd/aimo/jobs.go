package main

import (
	"encoding/json"
	"fmt"

	"github.com/aimo-dev/aimo/backends/slurm"
	"github.com/aimo-dev/aimo/runner"
	"github.com/urfave/cli/v2"
)

func jobsCommand() *cli.Command {
	return &cli.Command{
		Name:      "jobs",
		Usage:     "list the Slurm jobs aimo submitted for an experiment: id, state, node, elapsed, log",
		ArgsUsage: "EXPERIMENT.jsonnet",
		Flags: append(experimentFlags(), cacheFlag(),
			&cli.BoolFlag{Name: "json", Usage: "print the jobs as JSON"},
			&cli.BoolFlag{Name: "cancel", Usage: "cancel those still queued or running (left by an aimo that was killed)"},
		),
		Action: func(c *cli.Context) error {
			e, err := loadExperiment(c)
			if err != nil {
				return err
			}
			ledger := runner.Ledger(absDir(cachePath(c)), e.Name)
			var cluster slurm.Cluster
			rows, err := runner.ListJobs(c.Context, ledger, cluster)
			if err != nil {
				return err
			}
			if len(rows) == 0 {
				fmt.Fprintf(c.App.Writer, "%s: aimo has submitted no Slurm jobs (ledger: %s)\n", e.Name, ledger.Path)
				return nil
			}
			if c.Bool("cancel") {
				return cancelJobs(c, cluster, rows)
			}
			if c.Bool("json") {
				enc := json.NewEncoder(c.App.Writer)
				enc.SetIndent("", "  ")
				return enc.Encode(rows)
			}
			return runner.WriteJobs(c.App.Writer, rows)
		},
	}
}

func cancelJobs(c *cli.Context, cluster slurm.Cluster, rows []runner.JobRow) error {
	var ids []string
	for _, r := range rows {
		if r.Live() {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		fmt.Fprintln(c.App.Writer, "no job is queued or running")
		return nil
	}
	if err := cluster.Cancel(c.Context, ids...); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "cancelled %d task(s): %v\n", len(ids), ids)
	return nil
}
