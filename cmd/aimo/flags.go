package main

import (
	"path/filepath"
	"strings"

	"github.com/aimo-dev/aimo/lang"
	"github.com/urfave/cli/v2"
)

// experimentFlags are shared by every command that reads an experiment.
func experimentFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringSliceFlag{Name: "tla-str", Aliases: []string{"A"}, Usage: "top-level argument `KEY=VALUE` (a string)"},
		&cli.StringSliceFlag{Name: "tla-code", Usage: "top-level argument `KEY=CODE` (Jsonnet code)"},
		&cli.StringSliceFlag{Name: "jpath", Aliases: []string{"J"}, Usage: "library `DIR` imports may resolve in", EnvVars: []string{"AIMO_JPATH"}},
		&cli.IntFlag{Name: "jsonnet-max-mb", Usage: "stop evaluating the experiment past `MB` of memory (default 1024; see docs/limits.md)", EnvVars: []string{"AIMO_JSONNET_MAX_MB"}},
	}
}

// loadExperiment reads the experiment named by the command's one argument.
func loadExperiment(c *cli.Context) (*lang.Experiment, error) {
	path, err := oneArg(c, "experiment file")
	if err != nil {
		return nil, err
	}
	return loadExperimentAt(c, path)
}

// loadExperimentAt reads the experiment file at path with the command's
// -J folders, top-level arguments and --launcher.
func loadExperimentAt(c *cli.Context, path string) (*lang.Experiment, error) {
	opts, err := langOptions(c)
	if err != nil {
		return nil, err
	}
	e, err := lang.Load(path, opts)
	if err != nil {
		return nil, err
	}
	if kind := c.String("launcher"); kind != "" {
		if err := e.SetLauncher(kind); err != nil {
			return nil, usagef("%v", err)
		}
	}
	return e, nil
}

// launcherFlag overrides where every server and trainer of the experiment runs.
func launcherFlag() cli.Flag {
	return &cli.StringFlag{Name: "launcher", Usage: "run every server and trainer with `LAUNCHER`: local (child processes) or slurm (Slurm jobs)", EnvVars: []string{"AIMO_LAUNCHER"}}
}

func langOptions(c *cli.Context) (lang.Options, error) {
	var paths []string
	for _, p := range c.StringSlice("jpath") {
		// Several folders in one value are separated like $PATH (AIMO_JPATH).
		paths = append(paths, filepath.SplitList(p)...)
	}
	opts := lang.Options{LibPaths: paths, MaxMemoryMB: c.Int("jsonnet-max-mb")}
	if opts.MaxMemoryMB < 0 {
		return opts, usagef("--jsonnet-max-mb must be at least 1, got %d", opts.MaxMemoryMB)
	}
	var err error
	if opts.TLAStr, err = keyValues("--tla-str", c.StringSlice("tla-str")); err != nil {
		return opts, err
	}
	opts.TLACode, err = keyValues("--tla-code", c.StringSlice("tla-code"))
	return opts, err
}

func keyValues(flag string, list []string) (map[string]string, error) {
	m := map[string]string{}
	for _, kv := range list {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return nil, usagef("%s %q: expected KEY=VALUE", flag, kv)
		}
		m[k] = v
	}
	return m, nil
}
