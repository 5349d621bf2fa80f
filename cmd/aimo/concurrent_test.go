package main

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// TestConcurrentRunsShareTheWork: three `aimo run` processes on one cache
// send each request once between them, and each ends with the whole sweep
// cached: started together, or two of them joining a run that has been
// generating alone (without claim rows) for a while.
func TestConcurrentRunsShareTheWork(t *testing.T) {
	if testing.Short() {
		t.Skip("runs three real processes for seconds; skipped with -short")
	}
	for _, tt := range []struct {
		name string
		// after is how many requests the first run has sent when the
		// other two start.
		after int64
	}{{"started together", 0}, {"two join a run alone", 40}} {
		t.Run(tt.name, func(t *testing.T) {
			srv := vllmtest.New(vllmtest.Options{Latency: 20 * time.Millisecond, Jitter: 5 * time.Millisecond, Slots: 16})
			defer srv.Close()
			sent := func() int64 { return srv.Requests("/v1/completions") + srv.Requests("/v1/chat/completions") }
			dir := t.TempDir()
			writeResumeFixture(t, dir) // 240 requests of 4 samples
			var wg sync.WaitGroup
			outs := make([]bytes.Buffer, 3)
			errs := make([]error, 3)
			for i := range outs {
				for i > 0 && sent() < tt.after {
					time.Sleep(time.Millisecond)
				}
				wg.Add(1)
				go func() {
					defer wg.Done()
					cmd := aimoCmd(dir, "run", "exp.jsonnet", "--tla-str", "base_url="+srv.URL+"/v1", "--cache", "c.db", "-q")
					cmd.Stdout, cmd.Stderr = &outs[i], &outs[i]
					errs[i] = cmd.Run()
				}()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("run %d: %v\n%s", i, err, outs[i].String())
				}
				t.Logf("run %d: %s", i, firstLine(outs[i].String()))
			}
			if n := sent(); n != 240 {
				t.Errorf("three runs sent %d requests between them, want the sweep's 240 once each", n)
			}
			if got := len(exportRows(t, dir)); got != 960 {
				t.Errorf("cache holds %d generations, want 960", got)
			}
		})
	}
}

func firstLine(s string) string {
	for i, c := range s {
		if c == '\n' {
			return s[:i]
		}
	}
	return s
}
