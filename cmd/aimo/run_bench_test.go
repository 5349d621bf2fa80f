package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime/debug"
	"runtime/pprof"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// runBenchExperiment is the sweep of BenchmarkRunVsBareLoop: one cell, one
// sample per problem, against an OpenAI-compatible server.
const runBenchExperiment = `local aimo = import 'aimo.libsonnet';
function(base_url, concurrency) aimo.experiment {
  name: 'bench-run',
  datasets: { sums: aimo.dataset.jsonl('problems.jsonl', fields={ id: 'id', problem: 'problem', answer: 'answer' }) },
  models: { fake: aimo.model.openai('fake-model', base_url=base_url, concurrency=concurrency) },
  matrix: { template: ['basic'] },
  samples: 1,
  sampling: { temperature: 0.7, top_p: 0.8, max_tokens: 1024 },
}
`

// BenchmarkRunVsBareLoop measures the fixed cost of `aimo run` side by side
// with the least any client could do. Against one instant in-process server it
// times, in each iteration, (1) a bare loop: 64 goroutines POSTing the 2,000
// chat requests and decoding each reply, nothing else; (2) `aimo run` on the
// same 2,000 problems with concurrency 64, in process through Main: load the
// experiment and dataset, plan, generate into a fresh SQLite cache, read the
// samples back, grade, vote and print the leaderboard. rate-ratio is the
// run's request rate over the bare loop's: 1 would mean aimo costs nothing
// beyond its HTTP calls. cpu-ratio is the same from the process's CPU time
// (server included), which other tenants of a shared machine disturb less.
func BenchmarkRunVsBareLoop(b *testing.B) {
	const problems, concurrency = 2000, 64
	srv := vllmtest.New(vllmtest.Options{})
	defer srv.Close()
	dir := b.TempDir()
	var data strings.Builder
	for i := range problems {
		fmt.Fprintf(&data, `{"id": "p%05d", "problem": "What is %d + %d?", "answer": "%d"}`+"\n", i, i, i+1, 2*i+1)
	}
	benchMust(b, os.WriteFile(filepath.Join(dir, "problems.jsonl"), []byte(data.String()), 0o644))
	exp := filepath.Join(dir, "exp.jsonnet")
	benchMust(b, os.WriteFile(exp, []byte(runBenchExperiment), 0o644))

	ctx := context.Background()
	var bare, run time.Duration
	var bareCPU, runCPU float64
	runs := 0
	for b.Loop() {
		// Each half starts from a collected heap, so that neither pays for
		// the other's garbage.
		debug.FreeOSMemory()
		t0, c0 := time.Now(), cpuSeconds()
		// The profile labels (go tool pprof -tagfocus side=run) tell the
		// two halves apart; goroutines inherit them.
		pprof.Do(ctx, pprof.Labels("side", "bare"), func(context.Context) {
			bareLoop(b, srv.URL+"/v1/chat/completions", problems, concurrency)
		})
		b.StopTimer()
		debug.FreeOSMemory()
		b.StartTimer()
		t1, c1 := time.Now(), cpuSeconds()
		var stdout, stderr bytes.Buffer
		args := []string{"aimo", "run", exp, "--quiet", "--cache", filepath.Join(dir, fmt.Sprintf("cache-%d.db", runs)),
			"--tla-str", "base_url=" + srv.URL + "/v1", "--tla-code", fmt.Sprintf("concurrency=%d", concurrency)}
		pprof.Do(ctx, pprof.Labels("side", "run"), func(context.Context) {
			if code := Main(args, &stdout, &stderr); code != 0 {
				b.Fatalf("aimo run exited %d: %s", code, stderr.String())
			}
		})
		run += time.Since(t1)
		bare += t1.Sub(t0)
		runCPU += cpuSeconds() - c1
		bareCPU += c1 - c0
		if want := fmt.Sprintf("%d requests: 0 cached, %d new", problems, problems); !strings.Contains(stdout.String(), want) {
			b.Fatalf("aimo run printed %q, want %q", stdout.String(), want)
		}
		runs++
	}
	n := float64(runs * problems)
	b.ReportMetric(n/bare.Seconds(), "bare-req/s")
	b.ReportMetric(n/run.Seconds(), "run-req/s")
	b.ReportMetric(bare.Seconds()/run.Seconds(), "rate-ratio")
	b.ReportMetric(bareCPU/runCPU, "cpu-ratio")
	b.ReportMetric(runCPU/float64(runs), "run-cpu-s")
	b.ReportMetric(bareCPU/float64(runs), "bare-cpu-s")
}

// cpuSeconds is the CPU time, user and system, the process has used: the
// server's share included, on both sides. On a shared machine it is steadier
// than wall time, which also counts other tenants' work.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// bareLoop POSTs n chat requests, workers at a time, over one keep-alive
// transport, and decodes each reply's text: an HTTP client with no cache, no
// plan and no evaluation.
func bareLoop(b *testing.B, url string, n, workers int) {
	b.Helper()
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns, t.MaxIdleConnsPerHost = workers, workers
	client := &http.Client{Transport: t}
	defer t.CloseIdleConnections()
	next := make(chan int)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := barePost(client, url, i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
	close(errs)
	for err := range errs {
		b.Fatal(err)
	}
}

func barePost(client *http.Client, url string, i int) error {
	body, err := json.Marshal(map[string]any{
		"model":    "fake-model",
		"messages": []map[string]string{{"role": "user", "content": fmt.Sprintf("What is %d + %d?", i, i+1)}},
		"n":        1, "temperature": 0.7, "top_p": 0.8, "max_tokens": 1024, "seed": i,
	})
	if err != nil {
		return err
	}
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	var reply struct {
		Choices []struct {
			Message struct{ Content string } `json:"message"`
		} `json:"choices"`
	}
	if err := json.Unmarshal(raw, &reply); err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || len(reply.Choices) != 1 || reply.Choices[0].Message.Content == "" {
		return fmt.Errorf("bare POST %d: status %d, %d choices", i, resp.StatusCode, len(reply.Choices))
	}
	return nil
}

func benchMust(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}
