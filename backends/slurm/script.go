package slurm

import (
	"fmt"
	"regexp"
	"strings"
)

// Script is a batch job of Tasks array tasks, each running Body. It is
// written into the job's folder and submitted from there, so its relative
// paths (Output, and any in Body) resolve in that folder.
type Script struct {
	// Name is the job name squeue shows.
	Name string
	// Comment says what the job does, for a person reading the script.
	Comment string
	// Tasks is the array size: tasks 0 to Tasks-1 (one at least).
	Tasks int
	// Output is the log file of each task, e.g. "task-%a/job.log".
	Output  string
	Options Options
	// Env is exported before Body, as KEY=VALUE.
	Env []string
	// Body is the shell code each task runs; $SLURM_ARRAY_TASK_ID says which.
	Body string
}

// Render writes the script.
func (s Script) Render() string {
	var b strings.Builder
	b.WriteString("#!/bin/bash\n")
	for _, line := range strings.Split(strings.TrimSpace(s.Comment), "\n") {
		b.WriteString(strings.TrimRight("# "+line, " ") + "\n")
	}
	for _, d := range s.directives() {
		b.WriteString("#SBATCH " + d + "\n")
	}
	if setup := strings.TrimSpace(s.Options.Setup); setup != "" {
		b.WriteString("\n# Set-up given by the experiment.\n" + setup + "\n")
	}
	b.WriteString("\nset -euo pipefail\n")
	for _, kv := range s.Env {
		k, v, _ := strings.Cut(kv, "=")
		fmt.Fprintf(&b, "export %s=%s\n", k, Quote(v))
	}
	b.WriteString(strings.TrimRight(s.Body, "\n") + "\n")
	return b.String()
}

// directives are the #SBATCH options, the experiment's extra ones last so
// they win.
func (s Script) directives() []string {
	d := []string{"--job-name=" + Quote(s.Name), fmt.Sprintf("--array=0-%d", max(1, s.Tasks)-1), "--output=" + Quote(s.Output)}
	o := s.Options
	add := func(flag, v string) {
		if v != "" {
			d = append(d, flag+"="+Quote(v))
		}
	}
	add("--partition", o.Partition)
	add("--account", o.Account)
	add("--qos", o.QOS)
	if o.GPUsPerJob > 0 {
		d = append(d, fmt.Sprintf("--gres=gpu:%d", o.GPUsPerJob))
	}
	if o.CPUs > 0 {
		d = append(d, fmt.Sprintf("--cpus-per-task=%d", o.CPUs))
	}
	add("--mem", o.Mem)
	add("--time", o.Time)
	add("--constraint", o.Constraint)
	return append(d, o.Extra...)
}

// plainWord is text a POSIX shell reads back unchanged without quotes.
var plainWord = regexp.MustCompile(`^[A-Za-z0-9_@%+=:,./-]+$`)

// Quote writes s as one shell word, quoting only when it must.
func Quote(s string) string {
	if plainWord.MatchString(s) {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
