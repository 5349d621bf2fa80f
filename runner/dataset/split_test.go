package dataset

import (
	"fmt"
	"maps"
	"math"
	"testing"

	"github.com/aimo-dev/aimo/lang"
)

var fractions = map[string]float64{"train": 0.8, "val": 0.1, "test": 0.1}

// synthetic makes a set with uneven strata: subject s, level l has
// 3 + 7*s + 5*l problems.
func synthetic() *Set {
	set := &Set{Name: "synthetic"}
	for s, subj := range []string{"Algebra", "Geometry", "Number Theory", "Precalculus"} {
		for l := 1; l <= 5; l++ {
			for i := range 3 + 7*s + 5*l {
				id := fmt.Sprintf("%s/%d/%03d", subj, l, i)
				set.Problems = append(set.Problems, Problem{ID: id, Text: "text of " + id, Answer: "1", Subject: subj, Level: l})
			}
		}
	}
	return set
}

func assignment(parts map[string]*Set) map[string]string {
	out := map[string]string{}
	for name, s := range parts {
		for _, p := range s.Problems {
			out[p.ID] = name
		}
	}
	return out
}

func TestSplitIsDeterministic(t *testing.T) {
	spec := &lang.Split{Fractions: fractions, Seed: 42}
	a, _, err := Split(synthetic(), spec)
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := Split(synthetic(), spec)
	if !maps.Equal(assignment(a), assignment(b)) {
		t.Error("the same seed gave two different splits")
	}
	c, _, _ := Split(synthetic(), &lang.Split{Fractions: fractions, Seed: 43})
	if maps.Equal(assignment(a), assignment(c)) {
		t.Error("seeds 42 and 43 gave the same split")
	}
}

func TestSplitHonoursFractionsPerStratum(t *testing.T) {
	set := synthetic()
	for seed := range int64(20) {
		parts, rep, err := Split(set, &lang.Split{Fractions: fractions, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, st := range rep.Strata {
			sum := 0
			for name, f := range fractions {
				sum += st.Counts[name]
				if d := math.Abs(float64(st.Counts[name]) - f*float64(st.Total)); d >= 2 {
					t.Errorf("seed %d stratum %s: %s has %d of %d, quota %.1f", seed, st.Key, name, st.Counts[name], st.Total, f*float64(st.Total))
				}
			}
			if sum != st.Total {
				t.Errorf("seed %d stratum %s: counts sum to %d, want %d", seed, st.Key, sum, st.Total)
			}
			total += st.Total
		}
		for name, f := range fractions {
			if d := math.Abs(float64(len(parts[name].Problems)) - f*float64(total)); d > 1 {
				t.Errorf("seed %d: %s has %d of %d, want within 1 of %.1f", seed, name, len(parts[name].Problems), total, f*float64(total))
			}
			if rep.Totals[name] != len(parts[name].Problems) {
				t.Errorf("report total %s = %d, split has %d", name, rep.Totals[name], len(parts[name].Problems))
			}
		}
	}
}

func TestSplitKeepsDuplicatesTogether(t *testing.T) {
	set := synthetic()
	// Copies of one problem with other whitespace, case and labels.
	for i, p := range set.Problems[:40] {
		set.Problems = append(set.Problems, Problem{ID: fmt.Sprintf("copy/%d", i), Text: "  TEXT of\n" + p.ID + " ",
			Subject: "Geometry", Level: 5 - i%5})
	}
	for seed := range int64(30) {
		parts, _, err := Split(set, &lang.Split{Fractions: fractions, Seed: seed})
		if err != nil {
			t.Fatal(err)
		}
		where := assignment(parts)
		for i, p := range set.Problems[:40] {
			if c := fmt.Sprintf("copy/%d", i); where[c] != where[p.ID] {
				t.Fatalf("seed %d: %s in %s but its copy %s in %s", seed, p.ID, where[p.ID], c, where[c])
			}
		}
	}
}

func TestSplitRejectsUnknownField(t *testing.T) {
	_, _, err := Split(synthetic(), &lang.Split{By: []string{"topic"}, Fractions: fractions})
	if err == nil {
		t.Error("stratifying by an unknown field succeeded")
	}
}
