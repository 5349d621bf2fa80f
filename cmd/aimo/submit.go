package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/aimo-dev/aimo/backends/pyenv"
	"github.com/aimo-dev/aimo/reports/answer"
	"github.com/aimo-dev/aimo/reports/kaggle"
	"github.com/aimo-dev/aimo/reports/vote"
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
// dataset with the chosen setting. A problem without an integer answer gets
// the range's lowest value, as the notebook's fallback does.
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
	opts := answer.Options{Fallbacks: ch.sw.Exp.Grading.Fallbacks}
	var rows []kaggle.Row
	var ids []string
	fallback := 0
	for _, is := range ch.samples {
		if is.Item.Cell != ch.cell || is.Item.Set != set.Name {
			continue
		}
		id := is.Item.Problem.ID
		ids = append(ids, id)
		if is.Missing() == len(is.Samples) {
			return fmt.Errorf("problem %s: the cache holds no sample of cell %s; run aimo run first", id, ch.sw.Plan.Cells[ch.cell].Name)
		}
		var samples []vote.Sample
		for i, row := range is.Samples[:min(ch.setting.K, len(is.Samples))] {
			s := vote.Sample{Index: i}
			if row != nil && !row.Failed() {
				if a, ok := answer.Extract(answer.Final(row.Completion.Text, row.Completion.FinishReason), opts); ok {
					if n, ok := r.Parse(a); ok {
						s.Key, s.Answer, s.Valid = strconv.FormatInt(n, 10), a, true
					}
				}
				s.Entropy = row.Completion.MeanEntropy
			}
			samples = append(samples, s)
		}
		res, err := vote.Vote(ch.setting.Method, samples, vote.Options{EarlyStop: ch.setting.EarlyStop})
		if err != nil {
			return err
		}
		n, ok := int64(max(r.Lo, 0)), !res.NoAnswer()
		if ok {
			n, _ = strconv.ParseInt(res.Key, 10, 64)
		} else {
			fallback++
		}
		rows = append(rows, kaggle.Row{ID: id, Answer: n})
	}
	if len(ids) == 0 {
		return usagef("--dataset %s is not evaluated by the experiment (evaluate: %v)", set.Name, ch.sw.Exp.Evaluate)
	}
	out := c.String("out")
	if out == "" {
		out = filepath.Join("out", ch.sw.Exp.Name, "submission."+c.String("format"))
	}
	if err := writeSubmission(out, c.String("format"), rows, ids, r); err != nil {
		return err
	}
	fmt.Fprintf(c.App.Writer, "%s: %d answers from cell %s, %s (%d with no answer got the fallback %d)\nwrote %s\n",
		ch.sw.Exp.Name, len(rows), ch.sw.Plan.Cells[ch.cell].Name, ch.setting.Name, fallback, max(r.Lo, 0), out)
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
	return os.WriteFile(out, buf.Bytes(), 0o644)
}
