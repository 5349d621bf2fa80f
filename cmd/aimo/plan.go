package main

import (
	"encoding/json"

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
		),
		Action: func(c *cli.Context) error {
			if gb := c.Float64("gpu-gb"); gb <= 0 {
				return usagef("--gpu-gb must be positive, got %g", gb)
			}
			runner.GPUMemoryGB = c.Float64("gpu-gb")
			sw, err := prepareSweep(c)
			if err != nil {
				return err
			}
			p := sw.Plan
			if err := describeCached(c, sw); err != nil {
				return err
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
