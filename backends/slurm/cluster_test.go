package slurm

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/internal/testkit"
)

// submit writes s into a fresh job folder and submits it from there.
func submit(t *testing.T, s Script) (Cluster, string, string) {
	t.Helper()
	testkit.NeedSlurm(t)
	dir := t.TempDir()
	for i := range s.Tasks {
		must(t, os.MkdirAll(filepath.Join(dir, expandOutput(filepath.Dir(s.Output), "", i)), 0o755))
	}
	must(t, os.WriteFile(filepath.Join(dir, "job.sbatch"), []byte(s.Render()), 0o644))
	var c Cluster
	id, err := c.Submit(context.Background(), dir, "job.sbatch")
	must(t, err)
	t.Cleanup(func() { _ = c.Cancel(context.Background(), id) })
	return c, id, dir
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func follow(t *testing.T, c Cluster, id string) []Task {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var last []Task
	must(t, c.Follow(ctx, id, func(tasks []Task) bool { last = tasks; return AllEnded(tasks) }))
	return last
}

func TestArrayJobIsFollowedToItsEnd(t *testing.T) {
	c, id, dir := submit(t, Script{
		Name: "aimo-test-array", Comment: "Task 1 fails.", Tasks: 2, Output: "task-%a/job.log",
		Options: Options{Setup: "echo set-up ran"},
		Body:    `echo "task $SLURM_ARRAY_TASK_ID in $PWD"; if [ "$SLURM_ARRAY_TASK_ID" = 1 ]; then echo dying; exit 3; fi`,
	})
	tasks := follow(t, c, id)
	if len(tasks) != 2 || !tasks[0].OK() || tasks[1].State != "FAILED" || tasks[1].ExitCode != 3 {
		t.Fatalf("tasks %+v: want task 0 COMPLETED and task 1 FAILED with exit code 3", tasks)
	}
	log, err := os.ReadFile(filepath.Join(dir, "task-0", "job.log"))
	must(t, err)
	if want := "set-up ran\ntask 0 in " + dir + "\n"; string(log) != want {
		t.Errorf("task 0 log %q, want %q (set-up first, run in the job folder)", log, want)
	}
	r := Record{ID: id, Dir: dir, Output: "task-%a/job.log"}
	msg := Failure("training b", tasks[1], r.Log(1)).Error()
	if !strings.Contains(msg, "FAILED with exit code 3") || !strings.HasSuffix(msg, "  task 1 in "+dir+"\n  dying") {
		t.Errorf("failure does not give the exit code and log tail:\n%s", msg)
	}
}

func TestCancelledJobEndsCancelled(t *testing.T) {
	c, id, _ := submit(t, Script{Name: "aimo-test-cancel", Tasks: 1, Output: "job-%a.log", Body: "sleep 300"})
	ctx := context.Background()
	must(t, c.Follow(ctx, id, func(tasks []Task) bool { return tasks[0].Running() }))
	must(t, c.Cancel(ctx, id))
	tasks := follow(t, c, id)
	if tasks[0].State != "CANCELLED" {
		t.Errorf("after scancel: %+v", tasks)
	}
	must(t, c.Cancel(ctx, id)) // cancelling an ended job is no error
}

func TestUnknownJobIsGone(t *testing.T) {
	testkit.NeedSlurm(t)
	tasks, err := Cluster{}.Tasks(context.Background(), "987654321")
	if err != nil || len(tasks) != 1 || tasks[0].State != "GONE" || !tasks[0].Ended() {
		t.Errorf("got %+v, %v; want one GONE task", tasks, err)
	}
}

func TestLedgerKeepsTheLastWordOnEachJob(t *testing.T) {
	l := Ledger{Path: filepath.Join(t.TempDir(), "jobs", "jobs.jsonl")}
	must(t, l.Put(Record{ID: "7", Kind: "train", Name: "lora", Tasks: []string{"lora-r4", "lora-r8"}, Output: "task-%a/job.log", Dir: "/j"}))
	must(t, l.Put(Record{ID: "8", Kind: "serve", Name: "tiny"}))
	must(t, l.Put(Record{ID: "7", Kind: "train", Name: "lora", Final: []Task{{ID: "7_0", State: "COMPLETED"}}, Output: "task-%a/job.log", Dir: "/j"}))
	recs, err := l.Records()
	must(t, err)
	if len(recs) != 2 || recs[0].ID != "7" || len(recs[0].Final) != 1 || recs[1].ID != "8" {
		t.Fatalf("records %+v", recs)
	}
	if got := recs[0].Log(1); got != "/j/task-1/job.log" {
		t.Errorf("log of task 1: %s", got)
	}
}
