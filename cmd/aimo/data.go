package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/internal/atomicfile"
	"github.com/aimo-dev/aimo/internal/files"
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
	// The file is checked before it is opened: a named pipe would block and
	// /dev/zero stream forever. Rows are streamed, so no size bound.
	real, err := files.Policy{}.Check(path)
	var ferr *files.Error
	if errors.As(err, &ferr) && errors.Is(err, fs.ErrNotExist) {
		return usagef("grade: open %s: no such file", path)
	} else if err != nil {
		return usagef("grade: %v", err)
	}
	in, err := os.Open(real)
	if err != nil {
		return usagef("grade: %v", err)
	}
	defer in.Close()
	out := c.String("out")
	if out == "" {
		return gradeRows(path, in, c.App.Writer)
	}
	// Rows go to a temporary file renamed over out once every row graded:
	// a bad row leaves no half-written file.
	tmp, err := os.CreateTemp(filepath.Dir(out), "."+filepath.Base(out)+".*")
	if err != nil {
		return fmt.Errorf("grade: %w", err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	if err := gradeRows(path, in, bw); err != nil {
		tmp.Close()
		return err
	}
	if err := errors.Join(bw.Flush(), tmp.Close(), os.Rename(tmp.Name(), out)); err != nil {
		return fmt.Errorf("grade: %w", err)
	}
	return nil
}

// gradeRows grades path's rows from in into w; a bad row is a usage error
// (exit 2) at path:line.
func gradeRows(path string, in io.Reader, w io.Writer) error {
	err := answer.GradeJSONL(in, w, answer.Options{})
	var rerr *answer.RowError
	if errors.As(err, &rerr) {
		return usagef("%s:%d: %v", path, rerr.Line, rerr.Err)
	} else if err != nil {
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
		if err := atomicfile.Replace(out, b.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(c.App.Writer, "wrote %d rows of %s (template %s) to %s\n", bytes.Count(b.Bytes(), []byte("\n")), set.Name, name, out)
		return nil
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
