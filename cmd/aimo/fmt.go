package main

import (
	"fmt"
	"os"

	"github.com/google/go-jsonnet/formatter"
	"github.com/urfave/cli/v2"

	"github.com/aimo-dev/aimo/internal/atomicfile"
)

func fmtCommand() *cli.Command {
	return &cli.Command{
		Name:      "fmt",
		Usage:     "format Jsonnet files in place (jsonnetfmt's style)",
		ArgsUsage: "FILE...",
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "check", Usage: "list files that need formatting and exit 1 if any; change nothing"},
			&cli.BoolFlag{Name: "stdout", Usage: "print the formatted text instead of rewriting"},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef("fmt needs at least one file")
			}
			unformatted := 0
			for _, path := range c.Args().Slice() {
				changed, err := formatFile(c, path)
				if err != nil {
					return err
				}
				if changed {
					unformatted++
				}
			}
			if c.Bool("check") && unformatted > 0 {
				return fmt.Errorf("%d file(s) need formatting", unformatted)
			}
			return nil
		},
	}
}

func formatFile(c *cli.Context, path string) (bool, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return false, usagef("%v", err)
	}
	out, err := formatter.Format(path, string(src), formatter.DefaultOptions())
	if err != nil {
		return false, usagef("%v", err)
	}
	changed := out != string(src)
	switch {
	case c.Bool("stdout"):
		_, err = fmt.Fprint(c.App.Writer, out)
	case c.Bool("check"):
		if changed {
			fmt.Fprintln(c.App.Writer, path)
		}
	case changed:
		err = atomicfile.Replace(path, []byte(out))
	}
	return changed, err
}
