package main

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aimo-dev/aimo/backends/pyenv"
	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/internal/atomicfile"
	"github.com/aimo-dev/aimo/reports/kaggle"
	"github.com/urfave/cli/v2"
)

func submitCommand() *cli.Command {
	return &cli.Command{
		Name:      "submit",
		Usage:     "write submission.parquet (id, answer), as the gateway does, from the best cell's cached answers on a dataset",
		ArgsUsage: "EXPERIMENT.jsonnet",
		Flags: append(append(experimentFlags(), cacheFlag()), append(choiceFlags(),
			&cli.StringFlag{Name: "dataset", Usage: "evaluated `SET` whose problems to answer", Required: true},
			&cli.StringFlag{Name: "format", Value: "parquet", Usage: "parquet (the gateway's, written with polars from aimo's Python environment) or csv"},
			&cli.StringFlag{Name: "out", Usage: "output `FILE` (default: out/<experiment>/submission.<format>)"},
		)...),
		Action: submit,
	}
}

// submit votes the chosen cell's cached samples on every problem of the
// dataset with the chosen setting (kaggle.FromCache) and writes them.
func submit(c *cli.Context) error {
	ch, err := chooseFromCache(c)
	if err != nil {
		return err
	}
	set, err := ch.sw.Catalog.Set(c.String("dataset"))
	if err != nil {
		return usagef("--dataset: %v", err)
	}
	r := kaggle.AIMO3
	if set.Integer {
		r = set.Range
	}
	v := kaggle.Voting{Method: ch.setting.Method, Attempts: ch.setting.K, EarlyStop: ch.setting.EarlyStop}
	ans, err := kaggle.FromCache(ch.samples, ch.cell, set.Name, v, r, answer.Options{Fallbacks: ch.sw.Exp.Grading.Fallbacks})
	var none *kaggle.NoSamplesError
	if errors.As(err, &none) {
		return fmt.Errorf("problem %s: the cache holds no sample of cell %s; run aimo run first", none.Problem, ch.sw.Plan.Cells[ch.cell].Name)
	}
	if err != nil {
		return err
	}
	if len(ans.IDs) == 0 {
		return usagef("--dataset %s is not evaluated by the experiment (evaluate: %v)", set.Name, ch.sw.Exp.Evaluate)
	}
	out := c.String("out")
	if out == "" {
		out = filepath.Join("out", ch.sw.Exp.Name, "submission."+c.String("format"))
	}
	if err := writeSubmission(out, c.String("format"), ans.Rows, ans.IDs, r); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%s: %d answers from cell %s, %s (%d with no answer in %d-%d got the fallback %d)\nwrote %s\n",
		ch.sw.Exp.Name, len(ans.Rows), ch.sw.Plan.Cells[ch.cell].Name, ch.setting.Name, ans.Fallbacks, r.Lo, r.Hi, ans.Fallback, out)
	if !set.Integer {
		// As export says: a set graded as free-form answers is submitted as
		// integers, so its fallbacks include every non-integer answer.
		fmt.Fprintf(c.App.ErrWriter, "note: %s does not have integer answers; a submission holds integers in %d-%d, so answers like \\frac{1}{2} got the fallback\n", set.Name, r.Lo, r.Hi)
	}
	return nil
}

// writeSubmission validates rows and writes them as parquet (through aimo's
// Python environment, which has polars) or csv.
func writeSubmission(out, format string, rows []kaggle.Row, ids []string, r answer.Range) error {
	if format != "parquet" && format != "csv" {
		return usagef("--format %q: expected parquet or csv", format)
	}
	if err := kaggle.Validate(rows, ids, r); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	if format == "parquet" {
		py, err := pyenv.Python()
		if err != nil {
			return fmt.Errorf("submission.parquet is written with polars: %w; or pass --format csv", err)
		}
		return kaggle.WriteParquet(out, rows, ids, r, py)
	}
	var buf bytes.Buffer
	if err := kaggle.WriteCSV(&buf, rows, ids, r); err != nil {
		return err
	}
	return atomicfile.Write(out, buf.Bytes(), 0o644)
}
