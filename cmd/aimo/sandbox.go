package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/aimo-dev/aimo/backends/sandbox"
	"github.com/urfave/cli/v2"
)

func sandboxCommand() *cli.Command {
	return &cli.Command{
		Name:  "sandbox",
		Usage: "run a Python file the way a model's code is run, and print what the model would see",
		Description: "Cells are separated by lines starting with \"# %%\" and share one Python state, as\n" +
			"tool calls of one attempt do. The first lines say which protections hold here.\n" +
			"A cell that fails is output, not an error: the exit code is 0 unless aimo failed.",
		ArgsUsage: "FILE.py",
		Flags: []cli.Flag{
			&cli.DurationFlag{Name: "timeout", Value: sandbox.DefaultTimeout, Usage: "wall time per cell"},
			&cli.StringFlag{Name: "memory", Value: "2GiB", Usage: "memory per process (`SIZE`, e.g. 512MiB)"},
			&cli.IntFlag{Name: "max-output", Value: sandbox.DefaultMaxOutput, Usage: "`BYTES` of each cell's output the model sees"},
			&cli.StringFlag{Name: "python", Usage: "interpreter `PATH` (default $AIMO_PYTHON, then aimo's)"},
		},
		Action: func(c *cli.Context) error {
			path, err := oneArg(c, "Python file")
			if err != nil {
				return err
			}
			src, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("%s: cannot read it: %w", path, err)
			}
			cfg, err := sandboxConfig(c)
			if err != nil {
				return err
			}
			return runCells(c.Context, c.App.Writer, cfg, sandbox.SplitCells(string(src)))
		},
	}
}

func sandboxConfig(c *cli.Context) (sandbox.Config, error) {
	mem, err := sandbox.ParseBytes(c.String("memory"))
	if err != nil {
		return sandbox.Config{}, usagef("--memory: %v", err)
	}
	if c.Duration("timeout") <= 0 || c.Int("max-output") <= 0 {
		return sandbox.Config{}, usagef("--timeout and --max-output must be positive")
	}
	return sandbox.Config{Python: c.String("python"), Timeout: c.Duration("timeout"),
		MemoryBytes: mem, MaxOutput: c.Int("max-output")}, nil
}

// runCells prints the protections, then each cell's text as the model gets
// it, under a header naming the cell's lines.
func runCells(ctx context.Context, w io.Writer, cfg sandbox.Config, cells []sandbox.Cell) error {
	pool, err := sandbox.NewPool(ctx, cfg, 0)
	if err != nil {
		return err
	}
	defer pool.Close()
	fmt.Fprintln(w, strings.Join(pool.Info().Lines(), "\n"))
	s, err := pool.Session(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	for i, cell := range cells {
		r, err := s.Run(ctx, cell.Code)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "\n--- cell %d (lines %d-%d)\n", i+1, cell.FirstLine, cell.LastLine)
		text := r.Text()
		if text != "" && !strings.HasSuffix(text, "\n") {
			text += "\n"
		}
		fmt.Fprint(w, text)
	}
	return nil
}
