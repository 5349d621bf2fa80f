package openai_test

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// BenchmarkGenerateInstant measures the client's own overhead: requests per
// second through Generate against a server that answers at once.
func BenchmarkGenerateInstant(b *testing.B) {
	s := startServer(b, vllmtest.Options{Words: 20})
	c := newClient(b, openai.Config{BaseURLs: []string{s.URL}, Chat: true, Concurrency: 64})
	req := request(1)
	b.SetParallelism(16)
	b.ReportAllocs()
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Generate(context.Background(), req); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "req/s")
}

// BenchmarkSlotUtilisation checks that a client keeps a server's slots busy: a
// vLLM batch with idle slots wastes GPU. Latencies vary by ±25%, as generation
// lengths do. With concurrency equal to the slots, every round trip between one
// request ending and the next arriving idles a slot; at 20 ms that is 6,400
// requests/s through a fake server sharing this machine's CPU, so the 20 ms case
// also measures the test machine (on 2 shared cores it is CPU-bound) and 100 ms
// isolates the client. Against a real server the default concurrency of 256
// queues a request behind every slot and hides the round trip.
func BenchmarkSlotUtilisation(b *testing.B) {
	cases := []struct {
		latency     time.Duration
		concurrency int
	}{{20 * time.Millisecond, 128}, {100 * time.Millisecond, 128}}
	for _, tc := range cases {
		name := fmt.Sprintf("latency=%v/concurrency=%d", tc.latency, tc.concurrency)
		b.Run(name, func(b *testing.B) { benchSlots(b, tc.latency, tc.concurrency) })
	}
}

func benchSlots(b *testing.B, latency time.Duration, concurrency int) {
	const slots = 128
	s := startServer(b, vllmtest.Options{Slots: slots, Latency: latency, Jitter: latency / 4})
	c := newClient(b, openai.Config{BaseURLs: []string{s.URL}, Chat: true, Concurrency: concurrency})
	req := request(1)
	b.SetParallelism((concurrency + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	s.ResetStats()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.Generate(context.Background(), req); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(100*s.Utilisation(), "busy-%")
}
