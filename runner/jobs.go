package runner

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/aimo-dev/aimo/backends/slurm"
)

// JobRow is one task of a Slurm job aimo submitted, as `aimo jobs` lists it.
type JobRow struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	What     string `json:"what"`
	State    string `json:"state"`
	ExitCode int    `json:"exit_code"`
	Node     string `json:"node"`
	Elapsed  string `json:"elapsed"`
	Log      string `json:"log"`
}

// Live reports whether the task is still queued or running.
func (r JobRow) Live() bool {
	return !(slurm.Task{State: r.State}).Ended() && r.State != "UNKNOWN"
}

// ListJobs lists every task of every job in the experiment's ledger, as
// Slurm reports it now; where Slurm cannot be asked, or has forgotten a
// job, as aimo last saw it.
func ListJobs(ctx context.Context, ledger slurm.Ledger, cluster slurm.Cluster) ([]JobRow, error) {
	recs, err := ledger.Records()
	if err != nil {
		return nil, err
	}
	ask := cluster.Available() == nil
	var rows []JobRow
	for _, rec := range recs {
		tasks := rec.Final
		if ask {
			now, err := cluster.Tasks(ctx, rec.ID)
			if err != nil {
				return nil, err
			}
			if len(now) > 0 && !(len(now) == 1 && now[0].State == "GONE" && len(tasks) > 0) {
				tasks = now
			}
		}
		rows = append(rows, jobRows(rec, tasks)...)
	}
	return rows, nil
}

// jobRows joins a record's tasks with what each does; a task Slurm did not
// report is UNKNOWN.
func jobRows(rec slurm.Record, tasks []slurm.Task) []JobRow {
	byIndex := map[int]slurm.Task{}
	for _, t := range tasks {
		byIndex[t.Index] = t
	}
	var rows []JobRow
	for i, what := range rec.Tasks {
		t, ok := byIndex[i]
		if !ok {
			t = slurm.Task{ID: fmt.Sprintf("%s_%d", rec.ID, i), State: "UNKNOWN"}
		}
		if t.ID == rec.ID { // a job Slurm no longer knows
			t.ID = fmt.Sprintf("%s_%d", rec.ID, i)
		}
		rows = append(rows, JobRow{ID: t.ID, Kind: rec.Kind, Name: rec.Name, What: what, State: t.State, ExitCode: t.ExitCode,
			Node: dash(t.Node), Elapsed: dash(t.Elapsed), Log: displayPath(rec.Log(i))})
	}
	return rows
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// WriteJobs prints rows as a table.
func WriteJobs(w io.Writer, rows []JobRow) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "job\tkind\tname\ttask\tstate\tnode\telapsed\tlog")
	for _, r := range rows {
		state := r.State
		if r.ExitCode != 0 {
			state += fmt.Sprintf(" (exit %d)", r.ExitCode)
		}
		fmt.Fprintln(tw, strings.Join([]string{r.ID, r.Kind, r.Name, r.What, state, r.Node, r.Elapsed, r.Log}, "\t"))
	}
	return tw.Flush()
}
