package main

import (
	"os"
	"path/filepath"

	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/urfave/cli/v2"
)

func cacheFlag() cli.Flag {
	return &cli.StringFlag{Name: "cache", Usage: "generation cache `FILE` (default: .aimo/cache.db in the project root)", EnvVars: []string{"AIMO_CACHE"}}
}

// cachePath is the cache a command uses: --cache (or AIMO_CACHE) when set,
// else .aimo/cache.db in the project root, found the way git finds a
// repository: the nearest folder above the experiment (or the working
// folder, for commands without one) that holds .aimo/, else the nearest
// that holds .git/, else the working folder. A sweep run from another
// folder then finds the cache it filled.
func cachePath(c *cli.Context) string {
	return cachePathFor(c, c.Args().First())
}

// cachePathFor is cachePath for the experiment file at path ("" for none).
func cachePathFor(c *cli.Context, path string) string {
	if p := c.String("cache"); p != "" {
		return p
	}
	start := "."
	if path != "" {
		start = filepath.Dir(path)
	}
	return filepath.Join(projectRoot(start), ".aimo", "cache.db")
}

// openExistingCache opens the cache of the experiment at path read-only; a
// cache that does not exist is a usage error (the commands that read one
// never create it).
func openExistingCache(c *cli.Context, path string) (*cache.Store, error) {
	cp := cachePathFor(c, path)
	if _, err := os.Stat(cp); err != nil {
		return nil, usagef("no cache at %s: run `aimo run %s` first (or set --cache)", cp, path)
	}
	return cache.OpenReadOnly(cp)
}

// projectRoot returns the folder holding .aimo/ or .git/ nearest above dir
// (as dir was spelled, made relative to the working folder where it can be),
// else ".".
func projectRoot(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "."
	}
	for _, marker := range []string{".aimo", ".git"} {
		for d := abs; ; d = filepath.Dir(d) {
			if fi, err := os.Stat(filepath.Join(d, marker)); err == nil && (fi.IsDir() || marker == ".git") {
				return relToWD(d)
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	return "."
}

func relToWD(dir string) string {
	wd, err := os.Getwd()
	if err != nil {
		return dir
	}
	if rel, err := filepath.Rel(wd, dir); err == nil && !filepath.IsAbs(rel) && len(rel) < len(dir) {
		return rel
	}
	return dir
}
