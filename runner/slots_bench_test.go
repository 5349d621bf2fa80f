package runner_test

import (
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// BenchmarkSlotUtilisation runs a sweep against a vLLM-like server with 128
// generation slots and a fixed latency, one sample per request (the hardest
// case: every sample is its own HTTP call), and reports the share of the
// server's slot-time the client kept busy. A real vLLM server is only worth
// its GPU when its batch stays full, so the target is at least 95%.
//
// With exactly as many workers as slots, every slot idles while its worker
// turns a response into the next request; with fixed latency all slots finish
// together, so the whole batch waits on the client's burst. Twice as many
// workers as slots keeps a queue at the server, which hands a freed slot to
// the next request at once, as vLLM's scheduler does. The jitter case shows
// how spreading completions (real generations differ in length) hides part
// of the turnaround.
func BenchmarkSlotUtilisation(b *testing.B) {
	const slots, waves = 128, 20
	for _, c := range []struct {
		latency, jitter time.Duration
		workers         int
	}{
		{100 * time.Millisecond, 0, slots},
		{100 * time.Millisecond, 0, 2 * slots},
		{20 * time.Millisecond, 0, slots},
		{20 * time.Millisecond, 5 * time.Millisecond, slots},
		{20 * time.Millisecond, 0, 2 * slots},
	} {
		name := fmt.Sprintf("latency=%v/jitter=%v/workers=%d", c.latency, c.jitter, c.workers)
		b.Run(name, func(b *testing.B) {
			srv := vllmtest.New(vllmtest.Options{Slots: slots, Latency: c.latency, Jitter: c.jitter})
			defer srv.Close()
			dir := b.TempDir()
			size := benchSize{cells: 1, problems: slots * waves, samples: 1, concurrency: c.workers}
			sw := loadBenchSweep(b, dir, srv.URL+"/v1", size)
			var util float64
			runs := 0
			for b.Loop() {
				srv.ResetStats()
				store := sw.execute(b, filepath.Join(dir, fmt.Sprintf("cache-%d.db", runs)), c.workers)
				util += srv.Utilisation()
				benchMust(b, store.Close())
				runs++
			}
			b.ReportMetric(100*util/float64(runs), "busy-%")
			b.ReportMetric(float64(runs*size.requests())/b.Elapsed().Seconds(), "req/s")
		})
	}
}
