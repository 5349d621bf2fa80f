package stats

import (
	"math"
	"testing"
)

func bernoulli(n, successes int) []float64 {
	v := make([]float64, n)
	for i := range successes {
		v[i] = 1
	}
	return v
}

func TestBootstrapIsReproducible(t *testing.T) {
	v := bernoulli(50, 31)
	a := Bootstrap(v, 2000, 7, 0.95)
	b := Bootstrap(v, 2000, 7, 0.95)
	if a != b {
		t.Fatalf("same seed gave %v and %v", a, b)
	}
	if c := Bootstrap(v, 2000, 8, 0.95); c == a {
		t.Errorf("different seeds gave identical intervals %v", c)
	}
}

// For a large Bernoulli sample the percentile bootstrap of the mean agrees with
// the normal approximation p ± 1.96·sqrt(p(1−p)/n) (Efron & Tibshirani 1993, ch. 13).
func TestBootstrapAgreesWithNormalApproximation(t *testing.T) {
	v := bernoulli(400, 200)
	iv := Bootstrap(v, 4000, 1, 0.95)
	half := 1.959964 * math.Sqrt(0.25/400)
	if iv.Estimate != 0.5 || !near(iv.Lo, 0.5-half, 0.006) || !near(iv.Hi, 0.5+half, 0.006) {
		t.Errorf("Bootstrap = %+v, want about [%.4f, %.4f]", iv, 0.5-half, 0.5+half)
	}
}

func TestBootstrapOfConstantIsAPoint(t *testing.T) {
	iv := Bootstrap([]float64{1, 1, 1}, 100, 1, 0.9)
	if iv.Lo != 1 || iv.Hi != 1 || iv.Estimate != 1 || iv.Confidence != 0.9 {
		t.Errorf("Bootstrap of constants = %+v, want the point 1", iv)
	}
}

func TestTwoLevelBootstrapWidensForSampleNoise(t *testing.T) {
	// Every problem is solved by half of its samples: problem-level means are
	// all 0.5, so only the second level can produce any width.
	probs := make([][]float64, 40)
	for i := range probs {
		probs[i] = []float64{1, 0, 1, 0, 1, 0, 1, 0}
	}
	iv := TwoLevelBootstrap(probs, 2000, 3, 0.95)
	if iv.Estimate != 0.5 {
		t.Errorf("estimate = %g, want 0.5", iv.Estimate)
	}
	// Each resampled mean averages 320 Bernoulli(0.5) draws: sd = sqrt(0.25/320).
	half := 1.959964 * math.Sqrt(0.25/320)
	if !near(iv.Hi-iv.Lo, 2*half, 0.015) {
		t.Errorf("interval %+v has width %.4f, want about %.4f", iv, iv.Hi-iv.Lo, 2*half)
	}
	if one := Bootstrap([]float64{0.5, 0.5, 0.5}, 100, 3, 0.95); one.Hi != one.Lo {
		t.Errorf("one-level bootstrap of equal means should be a point, got %+v", one)
	}
}

func TestTwoLevelBootstrapSkipsEmptyProblems(t *testing.T) {
	iv := TwoLevelBootstrap([][]float64{{1, 1}, {}, {0, 0}}, 500, 1, 0.95)
	if iv.Estimate != 0.5 {
		t.Errorf("estimate = %g, want 0.5 (the empty problem ignored)", iv.Estimate)
	}
}

func TestPairedBootstrap(t *testing.T) {
	same := bernoulli(60, 30)
	better := bernoulli(60, 50)
	tests := []struct {
		name     string
		a, b     []float64
		wantDiff float64
		check    func(p float64) bool
	}{
		{"identical configurations are not different", same, same, 0, func(p float64) bool { return p == 1 }},
		{"a clearly better configuration", better, same, 20.0 / 60, func(p float64) bool { return p < 0.01 }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			diff, p := PairedBootstrap(tt.a, tt.b, 2000, 11)
			if !near(diff.Estimate, tt.wantDiff, 1e-12) || !tt.check(p) {
				t.Errorf("PairedBootstrap = %+v, p = %g", diff, p)
			}
			if diff.Lo > diff.Estimate || diff.Hi < diff.Estimate {
				t.Errorf("interval %+v does not contain its estimate", diff)
			}
		})
	}
}

func TestPairedWarnings(t *testing.T) {
	a := []float64{1, 1, 0, 0, 1, 1, 1, 1}
	tests := []struct {
		name string
		b    []float64
		want string
	}{
		{"identical scores", a, CodeAllTied},
		{"two problems differ", []float64{0, 0, 0, 0, 1, 1, 1, 1}, CodeManyTies},
		{"six problems differ", []float64{0, 0, 1, 1, 0, 0, 1, 1}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := PairedWarnings(a, tt.b)
			got := ""
			if len(w) > 0 {
				got = w[0].Code
			}
			if got != tt.want {
				t.Errorf("PairedWarnings = %v, want code %q", w, tt.want)
			}
		})
	}
}
