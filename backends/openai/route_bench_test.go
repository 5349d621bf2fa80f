package openai

import (
	"fmt"
	"testing"
)

// BenchmarkRouteAcquire measures picking the least-loaded server and
// releasing it, under contention, for fleets up to 64 nodes x 8 GPUs: the
// router scans every server under one lock, so its cost grows with them.
func BenchmarkRouteAcquire(b *testing.B) {
	for _, n := range []int{1, 8, 64, 512} {
		b.Run(fmt.Sprintf("servers=%d", n), func(b *testing.B) {
			urls := make([]string, n)
			for i := range urls {
				urls[i] = fmt.Sprintf("http://node-%d:8000/v1", i)
			}
			r := newRouter(urls)
			b.SetParallelism(16)
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					r.release(r.acquire(nil))
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "picks/s")
		})
	}
}
