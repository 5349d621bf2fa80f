package vote

import (
	"math"
	"slices"
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
func TestMajAtKCurveExact(t *testing.T) {
	got := MajAtKCurve(keys("A", "B", "A", "C"), "A", CurveOptions{})
	want := []float64{0.5, 4.0 / 6, 0.75, 1}
	if !slices.Equal(got, want) {
		t.Errorf("MajAtKCurve = %v, want %v", got, want)
	}
}

func TestMajAtKCurveSampledAgreesWithExact(t *testing.T) {
	pool := keys("7", "3", "7", "", "3", "7", "9", "3", "7", "1", "7", "3")
	exact := MajAtKCurve(pool, "7", CurveOptions{})
	sampled := MajAtKCurve(pool, "7", CurveOptions{MaxSubsets: 10, Draws: 20000, Seed: 5})
	for k := range exact {
		// 20,000 draws: standard error ≤ 0.0036, so 0.015 is four of them.
		if math.Abs(exact[k]-sampled[k]) > 0.015 {
			t.Errorf("maj@%d sampled %g, exact %g", k+1, sampled[k], exact[k])
		}
	}
	again := MajAtKCurve(pool, "7", CurveOptions{MaxSubsets: 10, Draws: 20000, Seed: 5})
	if !slices.Equal(sampled, again) {
		t.Error("the same seed gave different sampled curves")
	}
}

func TestVoteAtKCurveRejectsUnknownMethod(t *testing.T) {
	if _, err := VoteAtKCurve("best", keys("A"), "A", CurveOptions{}); err == nil {
		t.Error("want an error for an unknown method")
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
