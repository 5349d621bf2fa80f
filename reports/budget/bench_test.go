package budget

import (
	"strconv"
	"testing"
)

// BenchmarkSimulate is one policy's 1000 private-set runs (2 × 50 problems,
// 8 attempts each) over 50 recorded problems.
func BenchmarkSimulate(b *testing.B) {
	var probs []Problem
	for i := range 50 {
		var keys []string
		var times []float64
		for j := range 8 {
			keys = append(keys, strconv.Itoa((i*j)%3))
			times = append(times, float64(10+(i*7+j*13)%300))
		}
		probs = append(probs, attempts("1", keys, times))
	}
	cfg := Config{Runs: 1000, Attempts: []int{8}, EarlyStop: []int{4}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Simulate(probs, cfg); err != nil {
			b.Fatal(err)
		}
	}
}
