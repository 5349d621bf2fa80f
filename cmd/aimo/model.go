package main

import (
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/aimo-dev/aimo/backends/hf"
	"github.com/aimo-dev/aimo/backends/pyenv"
	"github.com/urfave/cli/v2"
)

func modelCommand() *cli.Command {
	return &cli.Command{
		Name:  "model",
		Usage: "build models aimo ships the recipe for",
		Subcommands: []*cli.Command{{
			Name:  "tiny",
			Usage: "build the tiny randomly initialised Llama-style model and tokenizer (no download; aimo.model.tiny builds it on first use)",
			Flags: []cli.Flag{
				&cli.StringFlag{Name: "out", Required: true, Usage: "`DIR` to create"},
				&cli.Int64Flag{Name: "seed", Usage: "seed of the random weights"},
			},
			Action: func(c *cli.Context) error {
				ctx, stop := signal.NotifyContext(c.Context, os.Interrupt, syscall.SIGTERM)
				defer stop()
				py, err := pyenv.Python()
				if err != nil {
					return err
				}
				if err := hf.BuildTiny(ctx, py, c.String("out"), c.Int64("seed"), c.App.ErrWriter); err != nil {
					return err
				}
				fmt.Fprintf(c.App.Writer, "tiny model: %s\n", c.String("out"))
				return nil
			},
		}},
	}
}
