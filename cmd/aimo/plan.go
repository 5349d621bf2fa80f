package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aimo-dev/aimo/runner"
	"github.com/urfave/cli/v2"
)

func planCommand() *cli.Command {
	return &cli.Command{
		Name:      "plan",
		Usage:     "show what a sweep will do before it costs anything",
		ArgsUsage: "EXPERIMENT.jsonnet",
		Flags: append(experimentFlags(),
			&cli.BoolFlag{Name: "json", Usage: "print the plan as JSON"},
			&cli.Float64Flag{Name: "gpu-gb", Value: 80, Usage: "GPU memory in `GB` for the fit check", EnvVars: []string{"AIMO_GPU_GB"}},
			cacheFlag(),
			limitFlag(),
			launcherFlag(),
			&cli.StringFlag{Name: "sbatch", Usage: "write the sbatch scripts aimo would submit into `DIR`, for review"},
		),
		Action: func(c *cli.Context) error {
			if gb := c.Float64("gpu-gb"); gb <= 0 {
				return usagef("--gpu-gb must be positive, got %g", gb)
			}
			// The keys are read once, to count what the cache holds.
			sw, err := prepareSweepWith(c, runner.DeriveOptions{KeysOnDemand: true})
			if err != nil {
				return err
			}
			p := sw.Plan
			p.CheckFit(c.Float64("gpu-gb"))
			if err := describeCached(c, sw); err != nil {
				return err
			}
			if dir := c.String("sbatch"); dir != "" {
				return writeSbatch(c, dir, p)
			}
			if c.Bool("json") {
				enc := json.NewEncoder(c.App.Writer)
				enc.SetIndent("", "  ")
				return enc.Encode(p)
			}
			return p.WriteTable(c.App.Writer)
		},
	}
}

// writeSbatch writes the plan's sbatch scripts into dir and lists them.
func writeSbatch(c *cli.Context, dir string, p *runner.Plan) error {
	if len(p.Sbatch) == 0 {
		fmt.Fprintf(c.App.Writer, "%s: no Slurm jobs to submit (set a launcher: aimo.launcher.slurm { ... }, or --launcher slurm)\n", p.Experiment)
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, s := range p.Sbatch {
		path := filepath.Join(dir, s.File)
		if err := os.WriteFile(path, []byte(s.Script), 0o644); err != nil {
			return err
		}
		fmt.Fprintf(c.App.Writer, "wrote %s (%s %s)\n", path, s.Kind, s.Name)
	}
	return nil
}
