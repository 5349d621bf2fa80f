package slurm

import (
	"context"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Task is one job, or one task of a job array, as Slurm last reported it.
type Task struct {
	// ID is "JOB" for a plain job and "JOB_N" for task N of an array.
	ID    string
	Job   string
	Index int // the array task index; 0 for a plain job
	// State is Slurm's: PENDING, RUNNING, COMPLETED, FAILED, CANCELLED, ...
	State string
	// Reason says why a pending task waits (Resources, Priority, ...).
	Reason   string
	ExitCode int
	Signal   int
	Node     string
	Elapsed  string
	Log      string
}

// Ended reports whether the task has finished for good: it will not run
// (again) and its exit code is final.
func (t Task) Ended() bool {
	switch t.State {
	case "COMPLETED", "FAILED", "CANCELLED", "TIMEOUT", "NODE_FAIL", "OUT_OF_MEMORY",
		"BOOT_FAIL", "DEADLINE", "PREEMPTED", "REVOKED", "SPECIAL_EXIT", "GONE":
		return true
	}
	return false
}

// Running reports whether the task's program is running.
func (t Task) Running() bool { return t.State == "RUNNING" }

// OK reports whether the task ended with exit code 0.
func (t Task) OK() bool { return t.State == "COMPLETED" && t.ExitCode == 0 }

// Outcome describes how an ended task ended, e.g. "FAILED with exit code 3"
// or "CANCELLED".
func (t Task) Outcome() string {
	switch {
	case t.State == "GONE":
		return "no longer known to Slurm (it ended over MinJobAge ago and no accounting keeps it)"
	case t.Signal != 0:
		return fmt.Sprintf("%s (killed by signal %d)", t.State, t.Signal)
	case t.ExitCode != 0:
		return fmt.Sprintf("%s with exit code %d", t.State, t.ExitCode)
	}
	return t.State
}

var (
	fieldPattern = regexp.MustCompile(`(?:^| )(JobId|ArrayJobId|ArrayTaskId|JobState|Reason|ExitCode|NodeList|RunTime|StdOut)=(\S*)`)
	rangePattern = regexp.MustCompile(`^(\d+)(?:-(\d+))?(?::\d+)?$`)
)

// parseScontrol reads `scontrol -o show job ID`: one line per job or array
// task, where the pending tasks of an array share one line
// ("ArrayTaskId=4-5" or "0-9%2"); each is listed on its own.
func parseScontrol(out string) []Task {
	var tasks []Task
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := map[string]string{}
		for _, m := range fieldPattern.FindAllStringSubmatch(line, -1) {
			f[m[1]] = m[2]
		}
		if f["JobId"] == "" {
			continue
		}
		t := Task{Job: f["JobId"], State: f["JobState"], Reason: nullable(f["Reason"]), Node: nullable(f["NodeList"]),
			Elapsed: f["RunTime"], Log: nullable(f["StdOut"])}
		t.ExitCode, t.Signal = exitCode(f["ExitCode"])
		indexes := []int{-1}
		if arr := f["ArrayJobId"]; arr != "" {
			t.Job = arr
			indexes = expandRange(f["ArrayTaskId"])
		}
		for _, i := range indexes {
			task := t
			task.ID = t.Job
			if i >= 0 {
				task.Index, task.ID = i, t.Job+"_"+strconv.Itoa(i)
				task.Log = strings.ReplaceAll(task.Log, "%a", strconv.Itoa(i))
			}
			tasks = append(tasks, task)
		}
	}
	sort.Slice(tasks, func(i, j int) bool { return tasks[i].Index < tasks[j].Index })
	return tasks
}

// expandRange turns "3", "4-5" or "0-9%2" and comma lists of them into
// indexes.
func expandRange(s string) []int {
	s, _, _ = strings.Cut(s, "%")
	var out []int
	for _, part := range strings.Split(s, ",") {
		m := rangePattern.FindStringSubmatch(part)
		if m == nil {
			continue
		}
		lo, _ := strconv.Atoi(m[1])
		hi := lo
		if m[2] != "" {
			hi, _ = strconv.Atoi(m[2])
		}
		for i := lo; i <= hi; i++ {
			out = append(out, i)
		}
	}
	return out
}

func exitCode(s string) (code, signal int) {
	a, b, _ := strings.Cut(s, ":")
	code, _ = strconv.Atoi(a)
	signal, _ = strconv.Atoi(b)
	return code, signal
}

func nullable(s string) string {
	if s == "(null)" || s == "None" {
		return ""
	}
	return s
}

// Tasks reports every task of job id. Slurm's controller knows a job until
// MinJobAge after it ends; after that, sacct answers where accounting is
// kept, and a job neither knows is reported as one task in state GONE.
func (c Cluster) Tasks(ctx context.Context, id string) ([]Task, error) {
	out, err := c.run(ctx, "", "scontrol", "-o", "show", "job", id)
	if err == nil {
		if tasks := parseScontrol(out); len(tasks) > 0 {
			return tasks, nil
		}
	} else if !strings.Contains(err.Error(), "Invalid job id") {
		return nil, err
	}
	if tasks, err := c.sacct(ctx, id); err == nil && len(tasks) > 0 {
		return tasks, nil
	}
	return []Task{{ID: id, Job: id, State: "GONE"}}, nil
}

// sacct reads finished jobs from Slurm's accounting database.
func (c Cluster) sacct(ctx context.Context, id string) ([]Task, error) {
	out, err := c.run(ctx, "", "sacct", "-X", "-n", "-P", "-j", id, "-o", "JobID,State,ExitCode,NodeList,Elapsed")
	if err != nil {
		return nil, err
	}
	return parseSacct(out), nil
}

// parseSacct reads `sacct -X -n -P -o JobID,State,ExitCode,NodeList,Elapsed`.
func parseSacct(out string) []Task {
	var tasks []Task
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		f := strings.Split(line, "|")
		if len(f) < 5 || f[0] == "" {
			continue
		}
		t := Task{ID: f[0], Job: f[0], Node: nullable(f[3]), Elapsed: f[4]}
		t.State, _, _ = strings.Cut(f[1], " ") // "CANCELLED by 0"
		t.ExitCode, t.Signal = exitCode(f[2])
		if job, idx, ok := strings.Cut(f[0], "_"); ok {
			t.Job = job
			t.Index, _ = strconv.Atoi(idx)
		}
		tasks = append(tasks, t)
	}
	sort.Slice(tasks, func(i, j int) bool { return tasks[i].Index < tasks[j].Index })
	return tasks
}
