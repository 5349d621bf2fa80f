package stats

import (
	"math"
	"testing"
)

// The binary shortcut must be the same bootstrap as the sample-by-sample one:
// on right/wrong data both intervals agree to bootstrap noise.
func TestTwoLevelBinaryMatchesGeneral(t *testing.T) {
	var tallies []Tally
	var samples [][]float64
	for i := range 60 {
		n, right := 8, (i*5)%9
		tallies = append(tallies, Tally{right, n})
		s := make([]float64, n)
		for j := range right {
			s[j] = 1
		}
		samples = append(samples, s)
	}
	fast := TwoLevelBootstrapBinary(tallies, 20000, 5, 0.95)
	slow := TwoLevelBootstrap(samples, 20000, 5, 0.95)
	if math.Abs(fast.Estimate-slow.Estimate) > 1e-12 {
		t.Fatalf("estimates differ: %v vs %v", fast.Estimate, slow.Estimate)
	}
	if math.Abs(fast.Lo-slow.Lo) > 0.01 || math.Abs(fast.Hi-slow.Hi) > 0.01 {
		t.Errorf("binary shortcut %+v, sample by sample %+v: want the same interval within 0.01", fast, slow)
	}
	if again := TwoLevelBootstrapBinary(tallies, 20000, 5, 0.95); again != fast {
		t.Errorf("same seed, different interval: %+v vs %+v", again, fast)
	}
}

func TestBinomialCDF(t *testing.T) {
	cdf := binomialCDF(4, 0.5) // 1, 4, 6, 4, 1 over 16
	want := []float64{1.0 / 16, 5.0 / 16, 11.0 / 16, 15.0 / 16, 1}
	for k := range want {
		if math.Abs(cdf[k]-want[k]) > 1e-12 {
			t.Fatalf("cdf %v, want %v", cdf, want)
		}
	}
	if c := binomialCDF(3, 1); c[0] != 0 || c[2] != 0 || c[3] != 1 {
		t.Errorf("p=1: cdf %v, want all mass at 3", c)
	}
	if c := binomialCDF(3, 0); c[0] != 1 {
		t.Errorf("p=0: cdf %v, want all mass at 0", c)
	}
}

func TestTwoLevelBinarySkipsEmptyProblems(t *testing.T) {
	iv := TwoLevelBootstrapBinary([]Tally{{2, 2}, {0, 0}, {0, 2}}, 500, 1, 0.95)
	if iv.Estimate != 0.5 {
		t.Errorf("estimate %v, want 0.5 (the empty problem left out)", iv.Estimate)
	}
}
