package runner_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// benchExperiment is a sweep against an OpenAI-compatible server whose size
// the benchmarks choose through top-level arguments: the number of cells (one
// temperature each) and of samples; the problem count is the dataset's length.
const benchExperiment = `local aimo = import 'aimo.libsonnet';
function(base_url, cells, samples, concurrency=64) aimo.experiment {
  name: 'bench',
  datasets: { toy: aimo.dataset.jsonl('toy.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }) },
  models: { fake: aimo.model.openai('fake-model', base_url=base_url, concurrency=concurrency) },
  matrix: { template: ['step_by_step'], temperature: [0.5 + 0.01 * i for i in std.range(0, cells - 1)] },
  samples: samples,
  sampling: { top_p: 0.8, max_tokens: 1024 },
}
`

// benchSweep is a loaded experiment, ready to execute.
type benchSweep struct {
	exp   *lang.Experiment
	plan  *runner.Plan
	items []runner.Item
}

// benchSize sets a benchmark sweep's shape.
type benchSize struct {
	cells, problems, samples, concurrency int
}

// requests is the number of generations (samples) the sweep asks for.
func (s benchSize) requests() int { return s.cells * s.problems * s.samples }

// loadBenchSweep writes the experiment and a toy dataset of distinct problems into
// dir, then loads, plans and renders it the way `aimo run` does.
func loadBenchSweep(b *testing.B, dir, baseURL string, size benchSize) benchSweep {
	b.Helper()
	var data strings.Builder
	for i := range size.problems {
		fmt.Fprintf(&data, `{"id": "p%05d", "q": "What is %d + %d?", "a": "%d"}`+"\n", i, i, i+1, 2*i+1)
	}
	benchMust(b, os.WriteFile(filepath.Join(dir, "toy.jsonl"), []byte(data.String()), 0o644))
	path := filepath.Join(dir, "exp.jsonnet")
	benchMust(b, os.WriteFile(path, []byte(benchExperiment), 0o644))
	e, err := lang.Load(path, lang.Options{
		TLAStr: map[string]string{"base_url": baseURL},
		TLACode: map[string]string{
			"cells": fmt.Sprint(size.cells), "samples": fmt.Sprint(size.samples),
			"concurrency": fmt.Sprint(max(size.concurrency, 1)),
		},
	})
	benchMust(b, err)
	cat, err := dataset.LoadAll(e)
	benchMust(b, err)
	count := func(name string) (int, error) {
		s, err := cat.Set(name)
		if err != nil {
			return 0, err
		}
		return len(s.Problems), nil
	}
	p, err := runner.Build(e, count)
	benchMust(b, err)
	if p.Requests != size.requests() {
		b.Fatalf("plan has %d requests, want %d", p.Requests, size.requests())
	}
	items, err := runner.Items(e, p, cat)
	benchMust(b, err)
	return benchSweep{exp: e, plan: p, items: items}
}

// execute runs the sweep into a fresh cache at path and checks every sample
// was generated.
func (s benchSweep) execute(b *testing.B, path string, workers int) *cache.Store {
	b.Helper()
	store, err := cache.Open(path)
	benchMust(b, err)
	sum, err := runner.Execute(context.Background(), s.exp, s.plan, s.items, runner.Options{
		Store: store, Generator: runner.Generators(s.exp), Workers: workers,
	})
	benchMust(b, err)
	if sum.New != s.plan.Requests || sum.Failed+sum.Skipped > 0 {
		b.Fatalf("run made %d of %d generations (%d failed, %d skipped: %v)", sum.New, s.plan.Requests, sum.Failed, sum.Skipped, sum.TopFailures())
	}
	return store
}

// benchExtract reads every sample back and extracts its answer, the first step
// of every report, and checks each sample held one.
func benchExtract(b *testing.B, store *cache.Store, items []runner.Item) {
	b.Helper()
	got, missing, err := runner.Collect(store, items)
	benchMust(b, err)
	if missing > 0 {
		b.Fatalf("%d samples missing from the cache after the run", missing)
	}
	for _, is := range got {
		for _, r := range is.Samples {
			if _, ok := answer.Extract(r.Completion.Text, answer.Options{}); !ok {
				b.Fatalf("no answer extracted from %q", r.Completion.Text)
			}
		}
	}
}

// cpuSeconds is the CPU time, user and system, the process has used: on a
// shared machine wall time also counts other tenants' work.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func benchMust(b testing.TB, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

// BenchmarkEndToEnd pushes a sweep through the whole path — render, HTTP,
// parse, cache, read back, extract — against an instant server with unlimited
// slots, so the client's own cost is all that is measured. One request is one
// sample: with samples=1 each is its own HTTP call; with samples=8 the runner
// batches a problem's samples into one call with n=8, as it does in real runs.
func BenchmarkEndToEnd(b *testing.B) {
	for _, size := range []benchSize{
		{cells: 2, problems: 1000, samples: 1, concurrency: 64},
		{cells: 2, problems: 250, samples: 8, concurrency: 64},
	} {
		b.Run(fmt.Sprintf("samples=%d", size.samples), func(b *testing.B) {
			srv := vllmtest.New(vllmtest.Options{})
			defer srv.Close()
			dir := b.TempDir()
			sw := loadBenchSweep(b, dir, srv.URL+"/v1", size)
			var elapsed time.Duration
			runs := 0
			for b.Loop() {
				start := time.Now()
				store := sw.execute(b, filepath.Join(dir, fmt.Sprintf("cache-%d.db", runs)), 0)
				benchExtract(b, store, sw.items)
				benchMust(b, store.Close())
				elapsed += time.Since(start)
				runs++
			}
			reqs := float64(runs * size.requests())
			b.ReportMetric(reqs/elapsed.Seconds(), "req/s")
			b.ReportMetric(float64(srv.Requests("/v1/chat/completions"))/elapsed.Seconds(), "http/s")
		})
	}
}
