package dataset

import (
	"cmp"
	"slices"
	"strconv"
)

// Stats describes a set's make-up.
type Stats struct {
	Name      string
	Problems  int
	Integer   int // gold answers that normalise exactly to an integer
	Other     int
	BySubject []Count // sorted by name
	ByLevel   []Count // sorted by level; "0" is unknown
}

// Count is a labelled count.
type Count struct {
	Label string
	N     int
}

// StatsOf counts set's problems by subject, level and answer type.
func StatsOf(set *Set) Stats {
	st := Stats{Name: set.Name, Problems: len(set.Problems)}
	subjects, levels := map[string]int{}, map[int]int{}
	for _, p := range set.Problems {
		if p.IsInteger() {
			st.Integer++
		} else {
			st.Other++
		}
		subjects[cmp.Or(p.Subject, "(none)")]++
		levels[p.Level]++
	}
	for s, n := range subjects {
		st.BySubject = append(st.BySubject, Count{s, n})
	}
	slices.SortFunc(st.BySubject, func(a, b Count) int { return cmp.Compare(a.Label, b.Label) })
	keys := make([]int, 0, len(levels))
	for l := range levels {
		keys = append(keys, l)
	}
	slices.Sort(keys)
	for _, l := range keys {
		st.ByLevel = append(st.ByLevel, Count{levelLabel(l), levels[l]})
	}
	return st
}

func levelLabel(l int) string {
	if l == 0 {
		return "unknown"
	}
	return "Level " + strconv.Itoa(l)
}
