package runner_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
)

// sweep is an experiment against a vLLM-like server, ready to execute.
type sweep struct {
	exp   *lang.Experiment
	plan  *runner.Plan
	items []runner.Item
	store *cache.Store
}

func newSweep(t *testing.T, url string, problems int) *sweep {
	t.Helper()
	dir := t.TempDir()
	var b strings.Builder
	for i := range problems {
		fmt.Fprintf(&b, `{"id": "p%d", "q": "Compute %d * 3.", "a": "%d"}`+"\n", i, i, 3*i)
	}
	exp := fmt.Sprintf(`local aimo = import 'aimo.libsonnet';
aimo.experiment {
  name: 'faults',
  datasets: { toy: aimo.dataset.jsonl('toy.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }) },
  models: { fake: aimo.model.openai('fake', base_url=%q) },
  matrix: { template: ['basic', 'expert'] },
  samples: 4,
  sampling: { logprobs: 3 },
}`, url)
	for name, body := range map[string]string{"toy.jsonl": b.String(), "exp.jsonnet": exp} {
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
	t.Cleanup(func() { store.Close() })
	return &sweep{sw.Exp, sw.Plan, sw.Items, store}
}

// client is an OpenAI client with fast retries, so fault tests take
// milliseconds.
func client(t *testing.T, url string, timeout time.Duration) func(string) (backends.Generator, error) {
	return func(string) (backends.Generator, error) {
		return openai.New(openai.Config{BaseURLs: []string{url}, Chat: true, Concurrency: 8, Timeout: timeout,
			MaxRetries: 8, Backoff: time.Millisecond, MaxBackoff: 5 * time.Millisecond})
	}
}

func (s *sweep) execute(t *testing.T, gen func(string) (backends.Generator, error)) *runner.Summary {
	t.Helper()
	sum, err := runner.Execute(context.Background(), s.exp, s.plan, s.items, runner.Options{Store: s.store, Generator: gen, Workers: 8})
	if err != nil {
		t.Fatalf("execute: %v", err)
	}
	return sum
}

// checkCached verifies that every cached sample is the server's answer for its
// prompt and sample seed: nothing wrong was cached.
func (s *sweep) checkCached(t *testing.T) (cached int) {
	t.Helper()
	got, _, err := runner.Collect(s.store, s.items)
	if err != nil {
		t.Fatal(err)
	}
	for _, is := range got {
		var parts []string
		for _, m := range is.Item.Prompt.Messages {
			parts = append(parts, m.Content)
		}
		for i, row := range is.Samples {
			if row == nil {
				continue
			}
			cached++
			want := fmt.Sprint(vllmtest.Answer(strings.Join(parts, "\n"), int64(i)))
			if a, _ := answer.Extract(row.Completion.Text, answer.Options{}); a != want {
				t.Fatalf("problem %s sample %d cached answer %q, server would say %q", is.Item.Problem.ID, i, a, want)
			}
			if row.Completion.MeanEntropy == nil {
				t.Fatalf("problem %s sample %d lost its logprob summary", is.Item.Problem.ID, i)
			}
		}
	}
	return cached
}

func TestRetriableFaultsAreRetried(t *testing.T) {
	faults := []vllmtest.Fault{vllmtest.TooMany, vllmtest.Internal, vllmtest.Unavailable,
		vllmtest.Reset, vllmtest.CutBody, vllmtest.WrongN, vllmtest.Hang}
	srv := vllmtest.New(vllmtest.Options{RetryAfter: 0, Fault: vllmtest.Seeded(3, 0.3, faults...)})
	defer srv.Close()
	s := newSweep(t, srv.URL+"/v1", 30)
	sum := s.execute(t, client(t, srv.URL+"/v1", 300*time.Millisecond))
	if sum.Failed != 0 || sum.New != 240 {
		t.Fatalf("summary %+v: want all 240 generations new and none failed", sum)
	}
	if n := s.checkCached(t); n != 240 {
		t.Fatalf("%d generations cached, want 240", n)
	}
	if calls := srv.Requests("/v1/chat/completions"); calls <= 60 {
		t.Fatalf("server saw %d calls for 60 requests: the injected faults were not retried", calls)
	}
}

func TestPermanentFailuresAreReportedNotCached(t *testing.T) {
	srv := vllmtest.New(vllmtest.Options{Fault: vllmtest.Script(vllmtest.BadRequest, vllmtest.BadRequest, vllmtest.BadRequest)})
	defer srv.Close()
	s := newSweep(t, srv.URL+"/v1", 10)
	gen := client(t, srv.URL+"/v1", time.Second)
	sum := s.execute(t, gen)
	if sum.Failed != 12 || sum.New != 68 {
		t.Fatalf("summary %+v: want 3 requests x 4 samples failed, 68 new", sum)
	}
	if len(sum.Failures) != 1 || !strings.Contains(sum.TopFailures()[0], "400") {
		t.Fatalf("failures %v: want one kind, the server's 400", sum.Failures)
	}
	if n := s.checkCached(t); n != 68 {
		t.Fatalf("%d cached, want 68: failures must not be served as results", n)
	}
	// The next run retries exactly the failed samples.
	again := s.execute(t, gen)
	if again.Cached != 68 || again.New != 12 || again.Failed != 0 {
		t.Fatalf("second run %+v: want 68 cached, 12 new", again)
	}
}

func TestServerDownStopsTheSweep(t *testing.T) {
	srv := vllmtest.New(vllmtest.Options{})
	url := srv.URL + "/v1"
	srv.Close()
	s := newSweep(t, url, 5)
	_, err := runner.Execute(context.Background(), s.exp, s.plan, s.items, runner.Options{Store: s.store, Generator: client(t, url, time.Second), Workers: 2})
	var down *openai.DownError
	if err == nil || !strings.Contains(err.Error(), "model fake") || !asDown(err, &down) {
		t.Fatalf("error %v: want a DownError naming the model", err)
	}
}

func asDown(err error, target **openai.DownError) bool {
	for e := err; e != nil; {
		if d, ok := e.(*openai.DownError); ok {
			*target = d
			return true
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		e = u.Unwrap()
	}
	return false
}

func TestCancelledRunRecordsNoFailures(t *testing.T) {
	srv := vllmtest.New(vllmtest.Options{Latency: 50 * time.Millisecond, Slots: 2})
	defer srv.Close()
	s := newSweep(t, srv.URL+"/v1", 20)
	ctx, cancel := context.WithTimeout(context.Background(), 120*time.Millisecond)
	defer cancel()
	sum, err := runner.Execute(ctx, s.exp, s.plan, s.items, runner.Options{Store: s.store, Generator: client(t, srv.URL+"/v1", time.Second), Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if !sum.Interrupted || sum.Failed != 0 || sum.New+sum.Skipped != 160 {
		t.Fatalf("summary %+v: want interrupted, no failures, every sample either done or skipped", sum)
	}
	failures := 0
	s.store.Failures(func(cache.Row) error { failures++; return nil })
	if failures != 0 {
		t.Fatalf("%d failures recorded for requests cancelled by the user", failures)
	}
}

// TestResetsAreOneFailureLine: a server that resets every connection fails
// every request, each on its own client port; the summary groups them all
// under the server's address.
func TestResetsAreOneFailureLine(t *testing.T) {
	srv := vllmtest.New(vllmtest.Options{Fault: func(vllmtest.Call) vllmtest.Fault { return vllmtest.Reset }})
	defer srv.Close()
	s := newSweep(t, srv.URL+"/v1", 10)
	gen := func(string) (backends.Generator, error) {
		return openai.New(openai.Config{BaseURLs: []string{srv.URL + "/v1"}, Chat: true, MaxRetries: 1, Backoff: time.Millisecond})
	}
	sum := s.execute(t, gen)
	if sum.Failed != 80 {
		t.Fatalf("summary %+v: want all 80 samples failed", sum)
	}
	if lines := sum.TopFailures(); len(lines) != 1 || strings.Contains(lines[0], "->") {
		t.Fatalf("failure lines %q: want one, naming the server but not the client's port", lines)
	}
}

// TestTwoRunsOnOneCacheSendEachRequestOnce: two sweeps executing at once on
// two stores of one cache file (two processes, as far as SQLite knows)
// split the requests between them.
func TestTwoRunsOnOneCacheSendEachRequestOnce(t *testing.T) {
	srv := vllmtest.New(vllmtest.Options{Latency: 10 * time.Millisecond, Slots: 8})
	defer srv.Close()
	s := newSweep(t, srv.URL+"/v1", 30) // 60 requests of 4 samples
	other, err := cache.Open(s.store.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	sums := make([]*runner.Summary, 2)
	errs := make([]error, 2)
	done := make(chan struct{})
	for i, store := range []*cache.Store{s.store, other} {
		go func() {
			defer func() { done <- struct{}{} }()
			sums[i], errs[i] = runner.Execute(context.Background(), s.exp, s.plan, s.items,
				runner.Options{Store: store, Generator: client(t, srv.URL+"/v1", time.Second), Workers: 4})
		}()
	}
	<-done
	<-done
	for i := range sums {
		if errs[i] != nil || sums[i].New+sums[i].Cached != 240 || sums[i].Failed != 0 {
			t.Fatalf("run %d: %+v, %v; want all 240 samples new or cached", i, sums[i], errs[i])
		}
	}
	if n := srv.Requests("/v1/chat/completions"); n != 60 {
		t.Errorf("two runs sent %d requests, want the sweep's 60 once each (new: %d + %d)", n, sums[0].New, sums[1].New)
	}
	if n := s.checkCached(t); n != 240 {
		t.Errorf("%d cached, want 240", n)
	}
}
