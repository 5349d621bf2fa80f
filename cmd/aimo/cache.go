package main

import (
	"fmt"
	"os"
	"text/tabwriter"

	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/urfave/cli/v2"
)

func cacheCommand() *cli.Command {
	return &cli.Command{
		Name:  "cache",
		Usage: "inspect and maintain the generation cache",
		Subcommands: []*cli.Command{
			cacheSubcommand("stats", "count generations and failures per model and cell", cache.OpenReadOnly, func(c *cli.Context, s *cache.Store) error {
				st, err := s.Stats()
				if err != nil {
					return err
				}
				return writeCacheStats(c, s.Path(), st)
			}),
			cacheSubcommand("vacuum", "reclaim free space in the cache file", cache.Open, func(_ *cli.Context, s *cache.Store) error {
				return s.Vacuum()
			}),
			cacheSubcommand("export", "write every successful generation as JSONL, sorted by key", cache.OpenReadOnly, func(c *cli.Context, s *cache.Store) error {
				return s.Export(c.App.Writer)
			}),
		},
	}
}

// cacheSubcommand opens an existing cache (never creating one) with open
// (cache.OpenReadOnly for a command that only reads) for action.
func cacheSubcommand(name, usage string, open func(string) (*cache.Store, error), action func(*cli.Context, *cache.Store) error) *cli.Command {
	return &cli.Command{
		Name:  name,
		Usage: usage,
		Flags: []cli.Flag{cacheFlag()},
		Action: func(c *cli.Context) error {
			path := cachePath(c)
			if _, err := os.Stat(path); err != nil {
				return usagef("no cache at %s (set --cache or AIMO_CACHE)", path)
			}
			s, err := open(path)
			if err != nil {
				return err
			}
			defer s.Close()
			return action(c, s)
		},
	}
}

func writeCacheStats(c *cli.Context, path string, st cache.Stats) error {
	w := c.App.Writer
	fmt.Fprintf(w, "%s: %d generations, %d failures, %.1f MB (+%.1f MB write-ahead log)\n\n",
		path, st.Rows, st.Failures, float64(st.SizeBytes)/1e6, float64(st.WALBytes)/1e6)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "model\tgenerations\tfailures")
	for _, m := range st.Models {
		fmt.Fprintf(tw, "%s\t%d\t%d\n", m.Name, m.Rows, m.Failures)
	}
	// A line without tabs ends the first table's column block: "\t\t"
	// would align the two tables but print a line of spaces between them.
	fmt.Fprintln(tw, "\ncell\tgenerations\tfailures")
	for _, m := range st.Cells {
		fmt.Fprintf(tw, "%s\t%d\t%d\n", m.Name, m.Rows, m.Failures)
	}
	return tw.Flush()
}
