package matrix

import (
	"errors"
	"math"
	"runtime"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/lang"
)

func numbers(n int) []lang.Value {
	out := make([]lang.Value, n)
	for i := range out {
		out[i] = num(float64(i))
	}
	return out
}

// TestExpandMax covers matrices over the cells limit: each is refused by
// counting, before any cell is allocated, so a 10-million-cell typo fails in
// milliseconds instead of taking gigabytes.
func TestExpandMax(t *testing.T) {
	model := axis("model", str("m"))
	tests := []struct {
		name  string
		m     lang.Matrix
		max   int
		cells int // the count the error names; 0 when the matrix fits
	}{
		{"within the limit", lang.Matrix{Axes: []lang.Axis{model, axis("seed", numbers(100)...)}}, 100, 0},
		{"ten million cells", lang.Matrix{Axes: []lang.Axis{model, axis("seed", numbers(10_000)...), axis("top_k", numbers(1000)...)}}, 200_000, 10_000_000},
		{"a product that overflows", lang.Matrix{Axes: []lang.Axis{model, axis("seed", numbers(1<<16)...), axis("top_k", numbers(1<<16)...),
			axis("max_tokens", numbers(1<<16)...), axis("fewshot", numbers(1<<16)...)}}, 200_000, math.MaxInt},
		{"a conditional axis that multiplies past the limit", lang.Matrix{
			Axes: []lang.Axis{model, axis("seed", numbers(1000)...)},
			When: []lang.When{{Match: map[string]lang.Value{"model": str("m")}, Axes: []lang.Axis{axis("top_k", numbers(1000)...)}}},
		}, 200_000, 1_000_000},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			res, err := ExpandMax(tt.m, tt.max)
			took := time.Since(start)
			runtime.ReadMemStats(&after)
			if tt.cells == 0 {
				if err != nil || len(res.Combos) == 0 {
					t.Fatalf("ExpandMax = %d cells, %v; want the cells", len(res.Combos), err)
				}
				return
			}
			var tb *TooBigError
			if !errors.As(err, &tb) || tb.Cells != tt.cells || tb.Max != tt.max {
				t.Fatalf("err = %v, want a TooBigError of %d cells over %d", err, tt.cells, tt.max)
			}
			if grew := after.TotalAlloc - before.TotalAlloc; grew > 64<<20 {
				t.Errorf("allocated %d MB before refusing", grew>>20)
			}
			if took > 2*time.Second {
				t.Errorf("took %v to refuse", took)
			}
		})
	}
}
