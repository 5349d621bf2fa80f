package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/urfave/cli/v2"
)

// Exit codes users and CI scripts rely on.
const (
	exitOK         = 0
	exitFailed     = 1
	exitUsage      = 2
	exitRegression = 3
)

// exitCoder is implemented by errors that carry their exit code (a config
// error exits 2, a regression 3).
type exitCoder interface{ ExitCode() int }

// usageError is bad usage: a missing argument or an unknown flag.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }
func (e usageError) ExitCode() int { return exitUsage }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// Main runs aimo with args and returns the exit code. It prints each error
// once, to stderr.
func Main(args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	err := app.Run(reorder(app, args))
	if err == nil {
		return exitOK
	}
	fmt.Fprintln(stderr, "aimo:", err)
	var ec exitCoder
	if errors.As(err, &ec) {
		return ec.ExitCode()
	}
	return exitFailed
}

func newApp(stdout, stderr io.Writer) *cli.App {
	app := &cli.App{
		Name:                 "aimo",
		Usage:                "declarative experiment runner for LLM math pipelines",
		Description:          "Write a sweep in Jsonnet; aimo plans it, generates through a cache, grades, votes and reports.",
		Writer:               stdout,
		ErrWriter:            stderr,
		EnableBashCompletion: true,
		HideHelpCommand:      true,
		Version:              version(),
		Commands:             commands(),
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usageError{err.Error()}
		},
		ExitErrHandler: func(*cli.Context, error) {}, // Main prints and exits.
	}
	for _, c := range app.Commands {
		setUsageHandler(c)
	}
	return app
}

func setUsageHandler(c *cli.Command) {
	c.OnUsageError = func(_ *cli.Context, err error, _ bool) error { return usageError{err.Error()} }
	for _, sub := range c.Subcommands {
		setUsageHandler(sub)
	}
}

func commands() []*cli.Command {
	return []*cli.Command{
		planCommand(),
		runCommand(),
		trainCommand(),
		jobsCommand(),
		evalCommand(),
		reportCommand(),
		simulateCommand(),
		exportCommand(),
		submitCommand(),
		showCommand(),
		dataCommand(),
		gradeCommand(),
		cacheCommand(),
		validateCommand(),
		doctorCommand(),
		modelCommand(),
		fmtCommand(),
		completionCommand(),
	}
}

// oneArg returns the single positional argument a command needs.
func oneArg(c *cli.Context, what string) (string, error) {
	if c.NArg() != 1 {
		return "", usagef("%s needs exactly one %s (got %d); see aimo %s --help", c.Command.Name, what, c.NArg(), c.Command.Name)
	}
	return c.Args().First(), nil
}
