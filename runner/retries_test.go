package runner

import (
	"testing"

	"github.com/aimo-dev/aimo/lang"
)

// TestRetriesZeroMeansNone: `retries: 0` turns retries off; leaving it out
// keeps the client's default.
func TestRetriesZeroMeansNone(t *testing.T) {
	n := func(v int) *int { return &v }
	for _, tt := range []struct {
		retries *int
		want    int
	}{{nil, 0}, {n(0), -1}, {n(3), 3}} {
		if got := maxRetries(&lang.Model{Retries: tt.retries}); got != tt.want {
			t.Errorf("retries %v: client MaxRetries %d, want %d (0: default, <0: none)", tt.retries, got, tt.want)
		}
	}
}
