package runner

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/aimo-dev/aimo/backends/hf"
	"github.com/aimo-dev/aimo/backends/slurm"
	"github.com/aimo-dev/aimo/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestJobsTable pins what `aimo jobs` prints: each task with what it does,
// its state (and exit code when it failed), node, elapsed time and log;
// a task Slurm did not report is UNKNOWN.
func TestJobsTable(t *testing.T) {
	train := slurm.Record{ID: "19", Kind: "train", Name: "lora", Tasks: []string{"lora-r4", "lora-r8"},
		Dir: "/shared/jobs/x/20261201-061917-train-lora", Output: "task-%a/job.log"}
	serve := slurm.Record{ID: "21", Kind: "serve", Name: "tiny", Tasks: []string{"replica 1", "replica 2"},
		Dir: "/shared/jobs/x/20261201-062032-serve-tiny", Output: "replica-%a/job.log"}
	rows := append(jobRows(train, []slurm.Task{
		{ID: "19_0", Index: 0, State: "COMPLETED", Node: "gpu-1", Elapsed: "00:12:04"},
		{ID: "19_1", Index: 1, State: "FAILED", ExitCode: 3, Node: "gpu-2", Elapsed: "00:00:09"},
	}), jobRows(serve, []slurm.Task{{ID: "21_0", Index: 0, State: "RUNNING", Node: "gpu-3", Elapsed: "01:02:03"}})...)
	var b bytes.Buffer
	if err := WriteJobs(&b, rows); err != nil {
		t.Fatal(err)
	}
	testkit.Golden(t, "testdata/jobs.golden", b.Bytes(), *update)
	live := 0
	for _, r := range rows {
		if r.Live() {
			live++
		}
	}
	if live != 1 {
		t.Errorf("%d tasks count as live, want 1 (the running replica; unknown ones are not cancelled)", live)
	}
}

func TestReadEndpoint(t *testing.T) {
	dir := t.TempDir()
	tests := []struct {
		name, content, want string
	}{
		{"host and port", `{"host": "gpu-7.cluster", "port": 40123}`, "http://gpu-7.cluster:40123"},
		{"ipv6 host", `{"host": "fe80::1", "port": 8000}`, "http://[fe80::1]:8000"},
		{"half written", `{"host": "gpu-7", "po`, ""},
		{"no port", `{"host": "gpu-7"}`, ""},
	}
	for _, tt := range tests {
		path := filepath.Join(dir, tt.name)
		if err := os.WriteFile(path, []byte(tt.content), 0o644); err != nil {
			t.Fatal(err)
		}
		if got, _ := readEndpoint(path); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
	if _, ok := readEndpoint(filepath.Join(dir, "missing")); ok {
		t.Error("a missing file gave an endpoint")
	}
}

// TestEventTailReadsCompleteLinesOnce follows a trainer's events file as a
// job writes it: a line cut mid-write is read once complete, never twice.
func TestEventTailReadsCompleteLinesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "events.jsonl")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tail := &eventTail{path: path}
	var steps []int
	read := func() { tail.read(func(ev hf.Event) { steps = append(steps, ev.Step) }) }
	read() // empty file
	f.WriteString(`{"event": "progress", "step": 1}` + "\n" + `{"event": "progress", "st`)
	read()
	f.WriteString(`ep": 2}` + "\nnot json\n" + `{"event": "eval", "step": 3}` + "\n")
	read()
	read()
	if len(steps) != 3 || steps[0] != 1 || steps[1] != 2 || steps[2] != 3 {
		t.Errorf("steps %v, want [1 2 3]", steps)
	}
}
