package runner_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
)

// TestBackendThatFailsToOpenStopsTheRunCleanly: when a later model's
// backend cannot open, no request is sent for any model, no worker is left
// running (closing the cache at once must not panic) and the error names the
// model.
func TestBackendThatFailsToOpenStopsTheRunCleanly(t *testing.T) {
	srv := vllmtest.New(vllmtest.Options{Latency: 50 * time.Millisecond})
	defer srv.Close()
	dir := t.TempDir()
	exp := fmt.Sprintf(`local aimo = import 'aimo.libsonnet';
aimo.experiment {
  name: 'two',
  datasets: { toy: aimo.dataset.jsonl('toy.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }) },
  models: { a: aimo.model.openai('a', base_url=%[1]q), b: aimo.model.openai('b', base_url=%[1]q) },
  matrix: { model: ['a', 'b'] },
  samples: 2,
}`, srv.URL+"/v1")
	var data strings.Builder
	for i := range 20 {
		fmt.Fprintf(&data, `{"id": "p%d", "q": "Compute %d.", "a": "%d"}`+"\n", i, i, i)
	}
	for name, body := range map[string]string{"toy.jsonl": data.String(), "exp.jsonnet": exp} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sw, err := runner.Load(filepath.Join(dir, "exp.jsonnet"), lang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	store, err := cache.Open(filepath.Join(dir, "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	before := runtime.NumGoroutine()
	gen := func(model string) (backends.Generator, error) {
		if model == "b" {
			// Opening b takes a while, as a backend that probes its
			// server does: long enough for a's requests to be under way
			// had a's workers started.
			time.Sleep(200 * time.Millisecond)
			return nil, errors.New("no such server")
		}
		return openai.New(openai.Config{BaseURLs: []string{srv.URL + "/v1"}, Chat: true})
	}
	_, err = runner.Execute(context.Background(), sw.Exp, sw.Plan, sw.Items, runner.Options{Store: store, Generator: gen, Workers: 4})
	if err == nil || !strings.Contains(err.Error(), "model b: no such server") {
		t.Fatalf("error %v: want one naming model b", err)
	}
	if err := store.Close(); err != nil {
		t.Fatal(err)
	}
	if n := srv.Requests("/v1/chat/completions"); n != 0 {
		t.Errorf("server saw %d requests from a run that could not open all its backends", n)
	}
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if after := runtime.NumGoroutine(); after > before {
		buf := make([]byte, 1<<16)
		t.Errorf("%d goroutines before the run, %d after it returned:\n%s", before, after, buf[:runtime.Stack(buf, true)])
	}
}
