package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/aimo-dev/aimo/lang"
	"github.com/urfave/cli/v2"
)

func modelsCommand() *cli.Command {
	return &cli.Command{
		Name:  "models",
		Usage: "list the model registry: keys aimo.model.* accepts as names, with Hugging Face ids, sizes and context",
		Flags: []cli.Flag{&cli.BoolFlag{Name: "json", Usage: "print the registry as JSON"}},
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("models takes no arguments (got %d)", c.NArg())
			}
			list, err := lang.Registry()
			if err != nil {
				return err
			}
			if c.Bool("json") {
				enc := json.NewEncoder(c.App.Writer)
				enc.SetIndent("", "  ")
				return enc.Encode(list)
			}
			return writeModels(c.App.Writer, list)
		},
	}
}

// writeModels prints the registry as a table, its notes as numbered
// footnotes below it.
func writeModels(w io.Writer, list []lang.ModelInfo) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "key\thugging face id\tapi name\tparams (B)\tactive (B)\tcontext\tprecision\tnote")
	var notes []string
	for _, m := range list {
		note := ""
		if m.Note != "" {
			notes = append(notes, m.Note)
			note = "[" + strconv.Itoa(len(notes)) + "]"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\n", m.Key, m.HFID, dash(m.APIName), strconv.FormatFloat(m.ParamsB, 'g', -1, 64),
			activeParams(m.ActiveParamsB), m.Context, m.NativePrecision, note)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w, "\nUse a key as the name in aimo.model.vllm(...), .hf(...) or .openai(...): aimo plan then estimates weight memory per precision.")
	for i, n := range notes {
		fmt.Fprintf(w, "[%d] %s\n", i+1, n)
	}
	return nil
}

func activeParams(b float64) string {
	if b == 0 {
		return "-"
	}
	return strconv.FormatFloat(b, 'g', -1, 64)
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
