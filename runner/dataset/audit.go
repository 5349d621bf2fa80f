package dataset

import (
	"strconv"

	"github.com/aimo-dev/aimo/internal/answer"
)

// Audit checks.
const (
	CheckSelf    = "self"    // the gold answer does not grade equal to itself
	CheckExtract = "extract" // the gold answer is not what grading its own solution finds
)

// AuditFailure is one gold answer the grader mishandles.
type AuditFailure struct {
	ID, Source string
	Check      string
	Gold       string
	Extracted  string // for CheckExtract: what Extract found in the solution
}

// Audit grades every gold answer against itself and, where there is a
// solution, against the answer Extract finds in that solution: the grader
// must agree with the dataset before it can be trusted on model output.
// Integer sets compare the extracted answer after the set's own reduction.
func Audit(set *Set) []AuditFailure {
	var out []AuditFailure
	for _, p := range set.Problems {
		if !answer.Equal(p.Answer, p.Answer) {
			out = append(out, AuditFailure{ID: p.ID, Source: p.Source, Check: CheckSelf, Gold: p.Answer})
		}
		if p.Solution == "" {
			continue
		}
		ext, ok := answer.Extract(p.Solution, answer.Options{})
		if !ok || !set.sameAnswer(p.Answer, ext) {
			out = append(out, AuditFailure{ID: p.ID, Source: p.Source, Check: CheckExtract, Gold: p.Answer, Extracted: ext})
		}
	}
	return out
}

func (s *Set) sameAnswer(gold, extracted string) bool {
	if !s.Integer {
		return answer.Equal(gold, extracted)
	}
	n, ok := s.unbounded().Parse(extracted)
	if !ok {
		return false
	}
	n, ok = s.Range.Apply(n)
	return ok && strconv.FormatInt(n, 10) == gold
}
