package dataset

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/lang"
)

// filter applies the answer, level and subject filters, drops duplicates
// (keeping the first) and finally the limit, counting every drop.
func filter(name string, d *lang.Dataset, path string, problems []Problem) *Set {
	set := &Set{Name: name, Integer: d.Answers == "integer", Range: rangeOf(d)}
	rep := &set.Report
	rep.Path, rep.Read = path, len(problems)
	n := len(problems)
	if d.Limit > 0 {
		n = min(n, d.Limit)
	}
	first := make(map[string]int, n)
	// The problems kept are written over those read, which are not used
	// again: a problem is copied before it is checked, and only to where
	// one already read was.
	set.Problems = problems[:0]
	for _, p := range problems {
		reason, norm := set.check(d, &p), NormText(p.Text)
		if reason == "" {
			if i, dup := first[norm]; dup {
				kept := set.Problems[i]
				rep.Duplicates = append(rep.Duplicates, Duplicate{p.ID, p.Source, kept.ID, kept.Source})
				reason = DropDuplicate
			}
		}
		if reason == "" && d.Limit > 0 && len(set.Problems) >= d.Limit {
			reason = DropLimit
		}
		if reason != "" {
			rep.drop(reason)
			continue
		}
		first[norm] = len(set.Problems)
		set.Problems = append(set.Problems, p)
	}
	rep.Kept = len(set.Problems)
	switch kept := set.Problems; {
	case n == 0:
		set.Problems = nil
	case len(kept) < cap(kept)/2:
		// A few kept do not hold the whole file's array.
		set.Problems = append(make([]Problem, 0, len(kept)), kept...)
	default:
		clear(kept[len(kept):cap(kept)]) // nor the texts of those left out
	}
	return set
}

// rangeOf is the declared answer range; without one every integer passes
// the bounds (the modulus still applies).
func rangeOf(d *lang.Dataset) answer.Range {
	r := answer.Range{Lo: math.MinInt64, Hi: math.MaxInt64, Modulus: d.Modulus}
	if len(d.AnswerRange) == 2 {
		r.Lo, r.Hi = d.AnswerRange[0], d.AnswerRange[1]
	}
	return r
}

// check returns why p is left out, or "". For integer sets it rewrites the
// gold answer to its reduced integer form.
func (s *Set) check(d *lang.Dataset, p *Problem) string {
	if p.Answer == "" {
		return DropNoAnswer
	}
	if s.Integer {
		if reason := s.reduce(p); reason != "" {
			return reason
		}
	}
	if len(d.Levels) > 0 && !slices.Contains(d.Levels, p.Level) {
		return DropLevel
	}
	if len(d.Subjects) > 0 && !slices.ContainsFunc(d.Subjects, func(s string) bool { return strings.EqualFold(s, p.Subject) }) {
		return DropSubject
	}
	return ""
}

// reduce normalises the gold answer exactly to an integer, applies the
// modulus and checks the range.
func (s *Set) reduce(p *Problem) string {
	n, ok := s.unbounded().Parse(p.Answer)
	if !ok {
		return DropNonInteger
	}
	n, ok = s.Range.Apply(n)
	if !ok {
		return DropOutOfRange
	}
	p.Answer = strconv.FormatInt(n, 10)
	return ""
}

// unbounded reduces by the set's modulus without checking bounds, so a
// non-integer and an out-of-range answer are told apart.
func (s *Set) unbounded() answer.Range {
	return answer.Range{Lo: math.MinInt64, Hi: math.MaxInt64, Modulus: s.Range.Modulus}
}
