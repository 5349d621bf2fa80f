package runner_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
)

// BenchmarkCachedRerun100k reruns a sweep of 100,000 generations (10 cells ×
// 1,250 problems × 8 samples) whose every sample is already cached: the
// second `aimo run` of a finished sweep, or a CI job that only rebuilds the
// reports. It times what that rerun does — load the experiment, plan, render
// the items and their keys, read every key's row once (Collect), plan the
// run from them (Execute) — and fails if the backend sees a single request.
// Samples are about a kilobyte of text.
func BenchmarkCachedRerun100k(b *testing.B) {
	srv := vllmtest.New(vllmtest.Options{Words: 180})
	defer srv.Close()
	dir := b.TempDir()
	size := benchSize{cells: 10, problems: 1250, samples: 8, concurrency: 64}
	cachePath := filepath.Join(dir, "cache.db")
	benchMust(b, loadBenchSweep(b, dir, srv.URL+"/v1", size).execute(b, cachePath, 0).Close())
	store, err := cache.Open(cachePath)
	benchMust(b, err)
	defer store.Close()
	calls := srv.Requests("/v1/chat/completions")

	var plan, execute, collect time.Duration
	cpu := cpuSeconds()
	for b.Loop() {
		t0 := time.Now()
		sw := loadBenchSweep(b, dir, srv.URL+"/v1", size)
		t1 := time.Now()
		rows, missing, err := runner.Collect(store, sw.items)
		benchMust(b, err)
		t2 := time.Now()
		sum, err := runner.Execute(context.Background(), sw.exp, sw.plan, sw.items, runner.Options{
			Store: store, Generator: runner.Generators(sw.exp), Samples: rows,
		})
		benchMust(b, err)
		t3 := time.Now()
		if sum.Cached != size.requests() || sum.New+missing > 0 || len(rows) != size.cells*size.problems {
			b.Fatalf("rerun: %d cached, %d new, %d missing; want all %d cached", sum.Cached, sum.New, missing, size.requests())
		}
		plan, collect, execute = plan+t1.Sub(t0), collect+t2.Sub(t1), execute+t3.Sub(t2)
	}
	if got := srv.Requests("/v1/chat/completions"); got != calls {
		b.Fatalf("a fully cached rerun sent %d requests to the backend, want 0", got-calls)
	}
	n := float64(b.N)
	b.ReportMetric((cpuSeconds()-cpu)/n, "cpu-s/op")
	b.ReportMetric(plan.Seconds()/n, "s-load+items")
	b.ReportMetric(execute.Seconds()/n, "s-execute")
	b.ReportMetric(collect.Seconds()/n, "s-collect")
}
