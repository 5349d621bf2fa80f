package eval

import (
	"testing"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
)

// TestTruncatedAttemptsAbstain marks every quickstart sample as cut off at
// its token limit: each still ends in a \boxed{} or a number, but none may
// vote, so every problem is left without an answer.
func TestTruncatedAttemptsAbstain(t *testing.T) {
	s := quickstart(t)
	var cut []runner.ItemSamples
	for _, is := range s.samples {
		rows := make([]*cache.Row, len(is.Samples))
		for i, r := range is.Samples {
			if r != nil {
				c := *r
				c.Completion.FinishReason = answer.Truncated
				rows[i] = &c
			}
		}
		cut = append(cut, runner.ItemSamples{Item: is.Item, Samples: rows})
	}
	r, err := Evaluate(s.exp, s.plan, s.cat, cut)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range r.Grid {
		if e.Correct != 0 || e.NoAnswer != e.Problems {
			t.Fatalf("%s %s: %d correct, %d of %d without an answer; truncated attempts must abstain", e.Cell, e.Setting, e.Correct, e.NoAnswer, e.Problems)
		}
	}
}
