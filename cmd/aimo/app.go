package main

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/aimo-dev/aimo/lang"
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
	if strings.HasPrefix(err.Error(), "Required flag") {
		return exitUsage // urfave/cli's missing required flag has no type of its own
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
		// A top-level argument's value may hold commas (a list in
		// --tla-code, a sentence in --tla-str): never split it.
		DisableSliceFlagSeparator: true,
		Version:                   version(),
		Commands:                  commands(),
		OnUsageError: func(c *cli.Context, err error, _ bool) error {
			return flagUsageError(c, err)
		},
		ExitErrHandler: func(*cli.Context, error) {}, // Main prints and exits.
	}
	app.Action = unknownCommand(app.Commands)
	for _, c := range app.Commands {
		setUsageHandler(c)
	}
	return app
}

func setUsageHandler(c *cli.Command) {
	c.OnUsageError = func(c *cli.Context, err error, _ bool) error { return flagUsageError(c, err) }
	if len(c.Subcommands) > 0 && c.Action == nil {
		c.Action = unknownCommand(c.Subcommands)
	}
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
		diffCommand(),
		simulateCommand(),
		exportCommand(),
		submitCommand(),
		showCommand(),
		sandboxCommand(),
		dataCommand(),
		gradeCommand(),
		cacheCommand(),
		validateCommand(),
		doctorCommand(),
		modelCommand(),
		modelsCommand(),
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

// unknownCommand is the action of aimo, and of a command with subcommands,
// run without a (known) subcommand: help when there is none, else a usage
// error (exit 2) naming the nearest command.
func unknownCommand(cmds []*cli.Command) cli.ActionFunc {
	return func(c *cli.Context) error {
		if c.NArg() == 0 {
			return cli.ShowSubcommandHelp(c)
		}
		name := c.Args().First()
		var names []string
		for _, cmd := range cmds {
			names = append(names, cmd.Names()...)
		}
		msg, help := fmt.Sprintf("unknown command %q", name), "aimo --help"
		if c.Command != nil && c.Command.Name != "" && c.Command.Name != c.App.Name {
			msg, help = c.Command.Name+": "+msg, "aimo "+c.Command.Name+" --help"
		}
		if s := lang.Closest(name, names); s != "" {
			msg += "; did you mean " + s + "?"
		}
		return usageError{msg + " (see " + help + ")"}
	}
}
