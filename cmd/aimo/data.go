package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"sort"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/internal/atomicfile"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/dataset"
	"github.com/urfave/cli/v2"
)

func dataCommand() *cli.Command {
	return &cli.Command{
		Name:  "data",
		Usage: "load, split, count and audit an experiment's datasets",
		Subcommands: []*cli.Command{
			{
				Name:      "prepare",
				Usage:     "load every dataset and the split; print what was kept, dropped and duplicated, and each stratum's counts",
				ArgsUsage: "EXPERIMENT.jsonnet",
				Flags:     experimentFlags(),
				Action:    dataPrepare,
			},
			{
				Name:      "stats",
				Usage:     "count each dataset and split by subject, level and answer type",
				ArgsUsage: "EXPERIMENT.jsonnet",
				Flags:     experimentFlags(),
				Action:    dataStats,
			},
			{
				Name:      "audit",
				Usage:     "check that every gold answer grades equal to itself and to the answer in its own solution",
				ArgsUsage: "EXPERIMENT.jsonnet",
				Flags: append(experimentFlags(),
					&cli.BoolFlag{Name: "strict", Usage: "exit 1 when any gold answer fails the audit"}),
				Action: dataAudit,
			},
			{
				Name:      "training",
				Usage:     "write prompt/target JSONL for a LoRA trainer from a split or dataset",
				ArgsUsage: "EXPERIMENT.jsonnet",
				Flags: append(experimentFlags(),
					&cli.StringFlag{Name: "set", Value: "train", Usage: "split or dataset `NAME` to write"},
					&cli.StringFlag{Name: "template", Usage: "template `NAME` (default: the first adapter's, else step_by_step)"},
					&cli.BoolFlag{Name: "chat", Usage: "write {\"messages\": [...]} rows instead of {\"prompt\", \"target\"}"},
					&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "write to `FILE` instead of stdout"}),
				Action: dataTraining,
			},
		},
	}
}

func loadCatalog(c *cli.Context) (*dataset.Catalog, []string, error) {
	e, err := loadExperiment(c)
	if err != nil {
		return nil, nil, err
	}
	cat, err := dataset.LoadAll(e)
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, 0, len(e.Datasets))
	for _, name := range cat.Names() {
		if _, ok := e.Datasets[name]; ok {
			names = append(names, name)
		}
	}
	return cat, names, nil
}

func dataPrepare(c *cli.Context) error {
	cat, datasets, err := loadCatalog(c)
	if err != nil {
		return err
	}
	for _, name := range datasets {
		s, _ := cat.Set(name)
		dataset.WriteLoadReport(c.App.Writer, s)
	}
	if cat.Split != nil {
		dataset.WriteSplitReport(c.App.Writer, *cat.Split)
	}
	return nil
}

func dataStats(c *cli.Context) error {
	cat, _, err := loadCatalog(c)
	if err != nil {
		return err
	}
	for _, name := range cat.Names() {
		s, _ := cat.Set(name)
		dataset.WriteStats(c.App.Writer, dataset.StatsOf(s))
	}
	return nil
}

// dataAudit audits datasets, not splits: a split's problems are its
// dataset's, and counting them twice would double every failure.
func dataAudit(c *cli.Context) error {
	cat, datasets, err := loadCatalog(c)
	if err != nil {
		return err
	}
	failed := 0
	for _, name := range datasets {
		s, _ := cat.Set(name)
		fails := dataset.Audit(s)
		dataset.WriteAudit(c.App.Writer, name, len(s.Problems), fails)
		failed += len(fails)
	}
	if failed > 0 && c.Bool("strict") {
		return fmt.Errorf("audit: %d gold answers fail", failed)
	}
	return nil
}

func gradeCommand() *cli.Command {
	return &cli.Command{
		Name:      "grade",
		Usage:     `grade {"gold", "prediction"} JSONL rows; each row comes back with "extracted", "gold_normalized" and "equal"`,
		ArgsUsage: "FILE.jsonl",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "write graded rows to `FILE` instead of stdout"},
		},
		Action: grade,
	}
}

func grade(c *cli.Context) error {
	path, err := oneArg(c, "JSONL file")
	if err != nil {
		return err
	}
	in, err := os.Open(path)
	if err != nil {
		return usagef("grade: %v", err)
	}
	defer in.Close()
	var w io.Writer = c.App.Writer
	if out := c.String("out"); out != "" {
		f, err := os.Create(out)
		if err != nil {
			return fmt.Errorf("grade: %w", err)
		}
		defer f.Close()
		w = f
	}
	if err := answer.GradeJSONL(in, w, answer.Options{}); err != nil {
		return fmt.Errorf("grade %s: %w", path, err)
	}
	return nil
}

// dataTraining writes the training rows the LoRA trainer reads.
func dataTraining(c *cli.Context) error {
	e, err := loadExperiment(c)
	if err != nil {
		return err
	}
	cat, err := dataset.LoadAll(e)
	if err != nil {
		return err
	}
	set, err := cat.Set(c.String("set"))
	if err != nil {
		return usagef("--set: %v", err)
	}
	name := c.String("template")
	for _, key := range sortedAdapterKeys(e) {
		if name == "" {
			name = e.Adapters[key].Template
		}
	}
	if name == "" {
		name = lang.DefaultTemplate
	}
	t, ok := e.Templates[name]
	if !ok {
		return usagef("--template: no template %q in the experiment", name)
	}
	if out := c.String("out"); out != "" {
		var b bytes.Buffer
		if err := dataset.WriteTraining(&b, set, t, c.Bool("chat")); err != nil {
			return err
		}
		return atomicfile.Replace(out, b.Bytes())
	}
	return dataset.WriteTraining(c.App.Writer, set, t, c.Bool("chat"))
}

func sortedAdapterKeys(e *lang.Experiment) []string {
	keys := make([]string, 0, len(e.Adapters))
	for k := range e.Adapters {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
