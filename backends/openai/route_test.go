package openai_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

func TestLeastLoadedRouting(t *testing.T) {
	tests := []struct {
		name       string
		concurrent int
		latency    time.Duration
		want       [3]int64
	}{
		// One request at a time: every server is idle, so ties go to the first.
		{"sequential requests go to the first server", 1, 10 * time.Millisecond, [3]int64{12, 0, 0}},
		// All at once (none finishes before the last is sent): each new request
		// finds the others busier.
		{"concurrent requests spread evenly", 12, 300 * time.Millisecond, [3]int64{4, 4, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var servers [3]*vllmtest.Server
			var urls []string
			for i := range servers {
				servers[i] = startServer(t, vllmtest.Options{Latency: tt.latency})
				urls = append(urls, servers[i].URL)
			}
			c := newClient(t, openai.Config{BaseURLs: urls, Chat: true, Concurrency: tt.concurrent})
			var wg sync.WaitGroup
			for range 12 {
				wg.Go(func() {
					if _, err := c.Generate(context.Background(), request(1)); err != nil {
						t.Error(err)
					}
				})
			}
			wg.Wait()
			var got [3]int64
			for i, s := range servers {
				got[i] = s.Requests("/v1/chat/completions")
			}
			if got != tt.want {
				t.Errorf("requests per server %v, want %v", got, tt.want)
			}
		})
	}
}
