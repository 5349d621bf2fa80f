package stats

import (
	"math"
	"testing"
)

// The reference is R's prop.test(8, 10)$conf.int, which applies the
// continuity correction by default.
func TestWilsonCCMatchesR(t *testing.T) {
	lo, hi := WilsonCC(8, 10, 0.95)
	if !near(lo, 0.4421814, 5e-7) || !near(hi, 0.9645731, 5e-7) {
		t.Errorf("WilsonCC(8, 10) = [%.7f, %.7f], want [0.4421814, 0.9645731]", lo, hi)
	}
	mlo, mhi := WilsonCC(2, 10, 0.95)
	if !near(mlo, 1-hi, 1e-12) || !near(mhi, 1-lo, 1e-12) {
		t.Errorf("WilsonCC(2, 10) = [%g, %g], want the mirror of 8/10", mlo, mhi)
	}
	if lo, hi := WilsonCC(0, 0, 0.95); lo != 0 || hi != 1 {
		t.Errorf("WilsonCC(0, 0) = [%g, %g], want [0, 1]", lo, hi)
	}
	plo, phi := Wilson(8, 10, 0.95)
	if !(lo < plo && hi > phi) {
		t.Errorf("the corrected interval [%g, %g] should contain the plain one [%g, %g]", lo, hi, plo, phi)
	}
}

func TestClusterWilsonBetweenItsBounds(t *testing.T) {
	// All-or-nothing problems: the samples add nothing, the interval is the
	// problem-level one (at Student's t).
	var allOrNothing, independent []Tally
	for i := range 40 {
		right := 0
		if i%4 != 0 {
			right = 8
		}
		allOrNothing = append(allOrNothing, Tally{right, 8})
		independent = append(independent, Tally{6, 8})
	}
	a := ClusterWilson(allOrNothing, 0.95)
	if a.Estimate != 0.75 {
		t.Fatalf("estimate %g, want 0.75", a.Estimate)
	}
	plo, phi := Wilson(30, 40, 0.95)
	if a.Hi-a.Lo < phi-plo {
		t.Errorf("all-or-nothing: [%g, %g] is narrower than the 40-problem Wilson interval", a.Lo, a.Hi)
	}
	b := ClusterWilson(independent, 0.95)
	if b.Hi-b.Lo >= a.Hi-a.Lo {
		t.Errorf("problems of equal accuracy [%g, %g] should be narrower than all-or-nothing ones [%g, %g]", b.Lo, b.Hi, a.Lo, a.Hi)
	}
	if e := ClusterWilson([]Tally{{0, 0}}, 0.95); e.Lo != 0 || e.Hi != 1 {
		t.Errorf("no samples: %+v, want [0, 1]", e)
	}
	if one := ClusterWilson([]Tally{{3, 4}}, 0.95); math.IsNaN(one.Lo) || one.Lo >= 0.75 || one.Hi <= 0.75 {
		t.Errorf("one problem: %+v", one)
	}
}
