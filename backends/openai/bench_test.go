package openai_test

import (
	"context"
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

// BenchmarkSlotUtilisation checks that a client with as much concurrency as the
// server has slots keeps them busy: a vLLM batch with idle slots wastes GPU.
func BenchmarkSlotUtilisation(b *testing.B) {
	const slots = 128
	s := startServer(b, vllmtest.Options{Slots: slots, Latency: 20 * time.Millisecond})
	c := newClient(b, openai.Config{BaseURLs: []string{s.URL}, Chat: true, Concurrency: slots})
	req := request(1)
	b.SetParallelism((slots + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
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
