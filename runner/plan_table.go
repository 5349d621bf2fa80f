package runner

import (
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
)

// WriteTable prints the plan for people: sets, cells, trainings, the request
// count and per-model estimates, with caveats as footnotes.
func (p *Plan) WriteTable(w io.Writer) error {
	fmt.Fprintf(w, "experiment %s (%s)\n\n", p.Experiment, p.File)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "set\tproblems")
	for _, s := range p.Sets {
		fmt.Fprintf(tw, "%s\t%s\n", s.Name, commas(s.Problems))
	}
	tw.Flush()
	fmt.Fprintln(w)
	p.writeCells(tw)
	tw.Flush()
	fmt.Fprintf(w, "\nmatrix: %s combinations", commas(p.Matrix.Product))
	if p.Matrix.Excluded+p.Matrix.Included+p.Matrix.Duplicates > 0 {
		fmt.Fprintf(w, ", %d excluded, %d included, %d duplicates", p.Matrix.Excluded, p.Matrix.Included, p.Matrix.Duplicates)
	}
	fmt.Fprintf(w, " -> %s cells", commas(p.Matrix.Cells))
	if len(p.Trainings) > 0 {
		fmt.Fprint(w, " (adapter grids expanded)")
	}
	fmt.Fprintln(w)
	p.writeTools(w)
	if len(p.Trainings) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(tw, "training\tbase\ton\tr\talpha\tlr\tepochs\tbatch\tstate\test. GB\tid")
		for _, t := range p.Trainings {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%g\t%d\t%d\t%s\t%s\t%s\n", t.Name, t.Base, t.Train, t.R, t.Alpha,
				t.LR, t.Epochs, t.BatchSize, orDash(t.State), gbOrDash(t.MemoryGB), t.ID)
		}
		tw.Flush()
	}
	fmt.Fprintf(w, "\ngenerations: %s cells x %s problems x %s = %s requests", commas(len(p.Cells)), commas(p.Problems), p.samplesText(), commas(p.Requests))
	switch {
	case p.Cached >= 0:
		fmt.Fprintf(w, " (%s cached, %s to run)", commas(p.Cached), commas(p.Requests-p.Cached))
	case p.Cache != "":
		fmt.Fprint(w, " (no cache yet)")
	}
	if p.NotRecorded > 0 {
		fmt.Fprintf(w, ", %s not recorded", commas(p.NotRecorded))
	}
	if p.Cache != "" {
		fmt.Fprintf(w, "\ncache: %s", p.Cache)
	}
	ensembles := ""
	if p.Ensembles > 0 {
		ensembles = fmt.Sprintf(" + %d ensembles x %d sets", p.Ensembles, len(p.Sets))
	}
	fmt.Fprintf(w, "\nevaluation: %s cells x %d voting settings x %d sets%s = %s evaluations, from cached samples\n",
		commas(len(p.Cells)), p.VotingSettings, len(p.Sets), ensembles, commas(p.Evaluations))
	p.writeModels(w, tw)
	blank := true
	for _, u := range p.Models {
		if len(u.BaseURLs) > 0 {
			if blank {
				fmt.Fprintln(w)
				blank = false
			}
			fmt.Fprintf(w, "%s is reached at %s\n", u.Model, strings.Join(u.BaseURLs, ", "))
		}
	}
	for _, s := range p.Servers {
		where := "started by aimo"
		if s.Launcher == "slurm" {
			where = fmt.Sprintf("%d replica(s) as Slurm jobs", s.Replicas)
		}
		fmt.Fprintf(w, "\nserver for %s (%s, %s):\n  %s\n", s.Model, s.Backend, where, s.Command)
	}
	for _, s := range p.Sbatch {
		fmt.Fprintf(w, "\nsbatch script %s (PYTHON and PROGRAMS are filled in at submission):\n", s.File)
		for _, line := range strings.Split(strings.TrimRight(s.Script, "\n"), "\n") {
			fmt.Fprintln(w, strings.TrimRight("  "+line, " "))
		}
	}
	for i, warn := range p.Warnings {
		fmt.Fprintf(w, "\n[%d] %s", i+1, warn)
	}
	if len(p.Warnings) > 0 {
		fmt.Fprintln(w)
	}
	return nil
}

// writeTools says which cells let the model run code, and under what limits.
func (p *Plan) writeTools(w io.Writer) {
	formats := map[string]int{}
	var spec *ToolSpec
	for _, c := range p.Cells {
		if c.Tools != nil {
			formats[c.Tools.Format]++
			spec = c.Tools
		}
	}
	if spec == nil {
		return
	}
	var parts []string
	n := 0
	for _, f := range sortedKeys(formats) {
		parts = append(parts, fmt.Sprintf("%d %s", formats[f], f))
		n += formats[f]
	}
	fmt.Fprintf(w, "tools: the model's Python runs in %d cells (%s): up to %d rounds, %gs and %d MB per call, %d bytes of output shown\n",
		n, strings.Join(parts, ", "), spec.MaxRounds, spec.TimeoutS, spec.MemoryMB, spec.MaxOutput)
}

func (p *Plan) writeCells(tw *tabwriter.Writer) {
	fmt.Fprintln(tw, "cell\tmodel\ttemplate\tfewshot\ttemperature\ttop_p\tmax_tokens\tsamples\tid")
	const show = 50
	for i, c := range p.Cells {
		if i == show {
			fmt.Fprintf(tw, "... %s more cells (aimo plan --json lists all)\n", commas(len(p.Cells)-show))
			break
		}
		model := c.Model
		if c.Adapter != "" {
			model = c.Adapter
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%g\t%g\t%d\t%d\t%s\n", c.Name, model, c.Template, c.Fewshot,
			c.Sampling.Temperature, c.Sampling.TopP, c.Sampling.MaxTokens, c.Samples, c.ID)
	}
}

func (p *Plan) writeModels(w io.Writer, tw *tabwriter.Writer) {
	fmt.Fprintln(w)
	header := []string{"model", "backend", "served as", "params", "requests"}
	for _, pr := range Precisions {
		header = append(header, pr.Name+" GB")
	}
	header = append(header, "est. tokens", "est. GPU-h")
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	var notes []string
	for _, u := range p.Models {
		row := []string{u.Model, u.Backend, orDash(u.Served), "-", commas(u.Requests)}
		if u.Info != nil {
			row[3] = params(u.Info.ParamsB, u.Info.ActiveParamsB)
			if u.Info.Note != "" {
				notes = append(notes, fmt.Sprintf("%s: %s", u.Model, u.Info.Note))
			}
		}
		for _, pr := range Precisions {
			row = append(row, memCell(u, pr.Name))
		}
		if u.Tokens > 0 {
			row = append(row, humanCount(u.Tokens), strconv.FormatFloat(u.GPUHours, 'f', 1, 64))
		} else {
			row = append(row, "-", "-")
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	tw.Flush()
	known := false
	for _, u := range p.Models {
		known = known || u.Memory != nil
	}
	if !known {
		return
	}
	fmt.Fprintf(w, "GB: weights only; * = does not fit one %g GB GPU with vLLM's 0.9 memory share and 10%% overhead. Estimates: half of max_tokens per sample, one H100.\n", p.GPUMemoryGB)
	sort.Strings(notes)
	for _, n := range notes {
		fmt.Fprintf(w, "note: %s\n", n)
	}
}

func memCell(u ModelUse, precision string) string {
	gb, ok := u.Memory[precision]
	if !ok {
		return "-"
	}
	s := strconv.FormatFloat(gb, 'f', 1, 64)
	if !u.Fits[precision] {
		s += "*"
	}
	return s
}

func params(total, active float64) string {
	s := strconv.FormatFloat(total, 'g', -1, 64) + "B"
	if active > 0 {
		s += " (" + strconv.FormatFloat(active, 'g', -1, 64) + "B active)"
	}
	return s
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// commas formats an integer with thousands separators.
func commas(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + commas(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func humanCount(f float64) string {
	switch {
	case f >= 1e9:
		return strconv.FormatFloat(f/1e9, 'f', 1, 64) + "G"
	case f >= 1e6:
		return strconv.FormatFloat(f/1e6, 'f', 1, 64) + "M"
	case f >= 1e3:
		return strconv.FormatFloat(f/1e3, 'f', 1, 64) + "k"
	}
	return strconv.FormatFloat(f, 'f', 0, 64)
}

func gbOrDash(gb float64) string {
	if gb == 0 {
		return "-"
	}
	return strconv.FormatFloat(gb, 'f', 1, 64)
}

// samplesText is the samples factor of the generations line: the count
// when every cell draws the same number, as an experiment's cells do.
func (p *Plan) samplesText() string {
	if len(p.Cells) == 0 {
		return "samples"
	}
	n := p.Cells[0].Samples
	for _, c := range p.Cells[1:] {
		if c.Samples != n {
			return "samples"
		}
	}
	return commas(n) + " samples"
}
