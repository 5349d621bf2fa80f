package dataset

import (
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/aimo-dev/aimo/lang"
)

// SplitReport counts problems per split, overall and per stratum.
type SplitReport struct {
	Dataset string
	By      []string
	Seed    int64
	Splits  []string // split names, sorted
	Totals  map[string]int
	Strata  []Stratum // sorted by key
}

// Stratum is one combination of the stratifying fields.
type Stratum struct {
	Key    string // e.g. "Algebra|3"
	Total  int
	Counts map[string]int
}

// DefaultBy stratifies by subject and level.
var DefaultBy = []string{"subject", "level"}

// Split divides set into the declared fractions, stratified by s.By.
//
// Problems with the same normalised text form one group that is assigned as
// a unit, so no duplicate crosses splits. Within each stratum the groups are
// sorted by ID, shuffled with a PCG seeded by the split seed and the stratum
// key, and dealt out by largest remainder. Each split's rounding error is
// carried into the next stratum, so many small strata do not all round the
// same way and the totals stay within one problem of the fractions.
func Split(set *Set, s *lang.Split) (map[string]*Set, SplitReport, error) {
	by := s.By
	if len(by) == 0 {
		by = DefaultBy
	}
	rep := SplitReport{Dataset: set.Name, By: by, Seed: s.Seed, Totals: map[string]int{}}
	for name := range s.Fractions {
		rep.Splits = append(rep.Splits, name)
	}
	slices.Sort(rep.Splits)
	if len(rep.Splits) == 0 {
		return nil, rep, fmt.Errorf("split %s: no fractions", set.Name)
	}
	strata, err := stratify(set.Problems, by)
	if err != nil {
		return nil, rep, fmt.Errorf("split %s: %w", set.Name, err)
	}
	assign := make([]string, len(set.Problems)) // problem index -> split
	d := newDealer(rep.Splits, s.Fractions)
	for _, st := range strata {
		counts := d.deal(st, s.Seed, assign)
		rep.Strata = append(rep.Strata, counts)
		for name, n := range counts.Counts {
			rep.Totals[name] += n
		}
	}
	return collect(set, rep.Splits, assign), rep, nil
}

// collect builds the split sets, keeping the dataset's order.
func collect(set *Set, names []string, assign []string) map[string]*Set {
	out := map[string]*Set{}
	for _, name := range names {
		out[name] = &Set{Name: name, Integer: set.Integer, Range: set.Range}
	}
	for i, p := range set.Problems {
		out[assign[i]].Problems = append(out[assign[i]].Problems, p)
	}
	for _, sub := range out {
		sub.Report = LoadReport{Path: set.Report.Path, Read: len(sub.Problems), Kept: len(sub.Problems)}
	}
	return out
}

// stratumKey joins the values of the stratifying fields.
func stratumKey(p Problem, by []string) (string, error) {
	parts := make([]string, len(by))
	for i, f := range by {
		switch f {
		case "subject":
			parts[i] = p.Subject
		case "level":
			parts[i] = strconv.Itoa(p.Level)
		default:
			return "", fmt.Errorf("cannot stratify by %q (want subject or level)", f)
		}
	}
	return strings.Join(parts, "|"), nil
}

func seedFor(seed int64, key string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(key))
	return rand.New(rand.NewPCG(uint64(seed), h.Sum64()))
}
