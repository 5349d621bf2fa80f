package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// resumeExperiment is a sweep against a vLLM-like server: 3 cells x 80
// problems x 4 samples = 960 generations, two requests at a time, so a run
// takes a few seconds and a kill can land anywhere in it.
const resumeExperiment = `local aimo = import 'aimo.libsonnet';
function(base_url) aimo.experiment {
  name: 'resume',
  datasets: { toy: aimo.dataset.jsonl('toy.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }) },
  models: { fake: aimo.model.openai('fake-model', base_url=base_url, concurrency=2) },
  matrix: { template: ['basic', 'expert'], temperature: [0.6, 1.0], exclude: [{ template: 'basic', temperature: 1.0 }] },
  samples: 4,
}
`

func writeResumeFixture(t *testing.T, dir string) {
	t.Helper()
	var b strings.Builder
	for i := range 80 {
		fmt.Fprintf(&b, `{"id": "p%02d", "q": "What is %d + %d?", "a": "%d"}`+"\n", i, i, i, 2*i)
	}
	must(t, os.WriteFile(filepath.Join(dir, "toy.jsonl"), []byte(b.String()), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "exp.jsonnet"), []byte(resumeExperiment), 0o644))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// aimoCmd runs this test binary as the aimo CLI (see TestMain).
func aimoCmd(dir string, args ...string) *exec.Cmd {
	cmd := exec.Command(os.Args[0], args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "AIMO_RUN_AS_CLI=1")
	return cmd
}

// TestKilledRunResumes kills a real `aimo run` with SIGKILL at seeded random
// moments, at least 20 times, resuming after each kill, and checks the final
// cache holds exactly what an uninterrupted run produces: nothing lost,
// nothing duplicated, nothing corrupt.
func TestKilledRunResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("kills real processes; skipped with -short")
	}
	srv := vllmtest.New(vllmtest.Options{Latency: 40 * time.Millisecond, Jitter: 10 * time.Millisecond, Slots: 16})
	defer srv.Close()
	url := "base_url=" + srv.URL + "/v1"

	clean := t.TempDir()
	writeResumeFixture(t, clean)
	out, err := aimoCmd(clean, "run", "exp.jsonnet", "--tla-str", url, "--cache", "c.db", "-q").CombinedOutput()
	if err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, out)
	}
	want := exportRows(t, clean)
	if len(want) != 960 {
		t.Fatalf("uninterrupted run cached %d generations, want 960", len(want))
	}

	dir := t.TempDir()
	writeResumeFixture(t, dir)
	rng := rand.New(rand.NewPCG(7, 11))
	kills := 0
	var progress []int
	for attempt := 0; attempt < 200; attempt++ {
		cmd := aimoCmd(dir, "run", "exp.jsonnet", "--tla-str", url, "--cache", "c.db", "-q")
		var buf bytes.Buffer
		cmd.Stdout, cmd.Stderr = &buf, &buf
		must(t, cmd.Start())
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("resumed run failed: %v\n%s", err, buf.String())
			}
			if kills < 20 {
				t.Fatalf("run finished after only %d kills; the test needs at least 20", kills)
			}
			got := exportRows(t, dir)
			compareRows(t, got, want)
			t.Logf("finished after %d kills; cached generations after each kill: %v", kills, progress)
			return
		case <-time.After(time.Duration(100+rng.IntN(300)) * time.Millisecond):
			must(t, cmd.Process.Signal(syscall.SIGKILL))
			<-done
			kills++
			progress = append(progress, len(exportRows(t, dir)))
		}
	}
	t.Fatalf("run never finished in 200 attempts; cached generations after each kill: %v", progress)
}

// exportRows reads the cache through `aimo cache export`, keyed by cache key,
// without the fields that legitimately differ between runs (timing).
func exportRows(t *testing.T, dir string) map[string]string {
	t.Helper()
	rows := map[string]string{}
	if _, err := os.Stat(filepath.Join(dir, "c.db")); err != nil {
		return rows // a kill before the run opened its cache leaves none
	}
	var stderr bytes.Buffer
	cmd := aimoCmd(dir, "cache", "export", "--cache", "c.db")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("cache export: %v\n%s", err, stderr.String())
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line == "" {
			continue // a kill before the first commit leaves an empty cache
		}
		var r map[string]any
		must(t, json.Unmarshal([]byte(line), &r))
		delete(r, "created_at")
		if c, ok := r["completion"].(map[string]any); ok {
			delete(c, "latency_s")
		}
		key := r["key"].(string)
		if _, dup := rows[key]; dup {
			t.Fatalf("key %s exported twice", key)
		}
		b, _ := json.Marshal(r)
		rows[key] = string(b)
	}
	return rows
}

func compareRows(t *testing.T, got, want map[string]string) {
	t.Helper()
	var lost, extra, differ []string
	for k, w := range want {
		g, ok := got[k]
		switch {
		case !ok:
			lost = append(lost, k)
		case g != w:
			differ = append(differ, k)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			extra = append(extra, k)
		}
	}
	sort.Strings(lost)
	if len(lost)+len(extra)+len(differ) > 0 {
		t.Errorf("after resuming: %d lost, %d unexpected, %d different rows (first lost %v)", len(lost), len(extra), len(differ), lost[:min(3, len(lost))])
	}
}
