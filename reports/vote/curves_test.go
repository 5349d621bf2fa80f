package vote

import (
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"testing"

	"github.com/aimo-dev/aimo/reports/stats"
)

func TestPassAtKCurve(t *testing.T) {
	correct := []bool{false, true, false, false, true}
	got := PassAtKCurve(correct)
	if len(got) != 5 {
		t.Fatalf("len = %d, want 5", len(got))
	}
	for k := 1; k <= 5; k++ {
		if want := stats.PassAtK(5, 2, k); got[k-1] != want {
			t.Errorf("pass@%d = %g, want %g", k, got[k-1], want)
		}
	}
	if got[0] != 0.4 || got[4] != 1 {
		t.Errorf("curve %v should start at the accuracy 0.4 and reach 1", got)
	}
}

// The reference is enumerated by hand: pool A B A C with gold A. k=2 loses
// only on {B,A} and {B,C}, where B comes first; k=3 loses only on {B,A,C}.
func TestMajAtKCurveByHand(t *testing.T) {
	got := MajAtKCurve(keys("A", "B", "A", "C"), "A")
	want := []float64{0.5, 4.0 / 6, 0.75, 1}
	if !slices.Equal(got, want) {
		t.Errorf("MajAtKCurve = %v, want %v", got, want)
	}
}

// randomPool draws n samples over a few answers (gold "0" among them) with
// some abstentions, shaped by skew: large skew makes one answer dominate.
func randomPool(r *rand.Rand, n, answers int, abstain float64) []Sample {
	pool := make([]Sample, n)
	for i := range pool {
		key := strconv.Itoa(r.IntN(answers))
		if r.Float64() < 0.5 {
			key = "0"
		}
		pool[i] = Sample{Index: i, Answer: key, Key: key, Valid: r.Float64() >= abstain}
	}
	return pool
}

// TestMajAtKCurveMatchesEnumeration compares the counting method with a
// vote on every subset, bit for bit, on random pools up to 16 samples: ties,
// abstentions, pools where the gold never appears or is the only answer.
func TestMajAtKCurveMatchesEnumeration(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var c MajCurve
	for n := 1; n <= 16; n++ {
		for trial := range 40 {
			pool := randomPool(r, n, 1+trial%6, []float64{0, 0.1, 0.4}[trial%3])
			gold := "0"
			if trial%13 == 12 {
				gold = "absent"
			}
			got, want := c.Curve(pool, gold, nil), enumerated(pool, gold)
			if !slices.Equal(got, want) {
				t.Fatalf("n=%d trial %d: %v\ncounted    %v\nenumerated %v", n, trial, keysOf(pool), got, want)
			}
		}
	}
}

func keysOf(pool []Sample) []string {
	out := make([]string, len(pool))
	for i, s := range pool {
		out[i] = s.Key
		if !s.Valid {
			out[i] = "-"
		}
	}
	return out
}

// TestMajAtKCurveLargePool checks a 64-sample pool against facts that hold
// without enumeration: maj@1 is the gold's share of the pool, maj@n is the
// vote on the whole pool, and a gold holding more than half the valid samples
// wins more often as k grows.
func TestMajAtKCurveLargePool(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	pool := randomPool(r, 64, 5, 0.1)
	curve := MajAtKCurve(pool, "0")
	gold := 0
	for _, s := range pool {
		if s.Valid && s.Key == "0" {
			gold++
		}
	}
	if want := float64(gold) / 64; math.Abs(curve[0]-want) > 1e-15 {
		t.Errorf("maj@1 = %g, want the gold share %g", curve[0], want)
	}
	res, _ := Vote("majority", pool, Options{})
	if want := b2f(res.Key == "0"); curve[63] != want {
		t.Errorf("maj@64 = %g, want the whole-pool vote %g", curve[63], want)
	}
	for k := 3; k < 64; k += 2 {
		if curve[k-1] < curve[k-3]-1e-12 {
			t.Errorf("maj@%d = %g fell below maj@%d = %g", k, curve[k-1], k-2, curve[k-3])
		}
	}
}

func TestMajAtKCurveTooLargeAPool(t *testing.T) {
	curve := MajAtKCurve(keys(make([]string, MaxCurvePool+1)...), "")
	if !math.IsNaN(curve[0]) {
		t.Errorf("a pool of %d samples gave %g, want NaN", MaxCurvePool+1, curve[0])
	}
}

func TestAvgAtK(t *testing.T) {
	correct := []bool{true, false, true, true}
	tests := []struct {
		k    int
		want float64
	}{{1, 1}, {2, 0.5}, {4, 0.75}, {9, 0.75}, {0, 0}}
	for _, tt := range tests {
		if got := AvgAtK(correct, tt.k); got != tt.want {
			t.Errorf("AvgAtK(k=%d) = %g, want %g", tt.k, got, tt.want)
		}
	}
}
