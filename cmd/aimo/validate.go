package main

import (
	"fmt"

	"github.com/urfave/cli/v2"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check an experiment against the schema (exit 2 on problems)",
		ArgsUsage: "EXPERIMENT.jsonnet",
		Flags:     experimentFlags(),
		Action: func(c *cli.Context) error {
			e, err := loadExperiment(c)
			if err != nil {
				return err
			}
			fmt.Fprintf(c.App.Writer, "%s: ok (experiment %s: %d datasets, %d models, %d adapters)\n",
				e.File, e.Name, len(e.Datasets), len(e.Models), len(e.Adapters))
			return nil
		},
	}
}
