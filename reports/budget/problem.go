package budget

import (
	"strconv"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// Attempt is one recorded generation of a problem.
type Attempt struct {
	// Key is the voting key of the extracted answer ("" when the attempt has
	// no answer that can be submitted); Correct says it matches the gold.
	Key     string
	Correct bool
	// TimeS is the recorded wall time; Tokens the completion tokens; Chars
	// the length of the text and reasoning, for attempts with neither.
	TimeS   float64
	Tokens  int
	Chars   int
	Entropy *float64
}

// Problem is one problem with its recorded attempts in sample order.
type Problem struct {
	ID       string
	GoldKey  string
	Attempts []Attempt
}

// FromItems grades the cached samples of one cell on one set into problems.
// Integer sets key answers by their integer after the set's range (an answer
// out of range abstains); other sets by answer.Canonical, with every answer
// the grader calls equal to the gold sharing the gold's key.
func FromItems(set *dataset.Set, items []runner.ItemSamples, cell int, opts answer.Options) []Problem {
	var out []Problem
	for _, is := range items {
		if is.Item.Cell != cell || is.Item.Set != set.Name {
			continue
		}
		gold := is.Item.Problem.Answer
		p := Problem{ID: is.Item.Problem.ID, GoldKey: goldKey(set, gold)}
		for _, r := range is.Samples {
			if r == nil || r.Failed() {
				continue
			}
			c := r.Completion
			a := Attempt{TimeS: c.LatencyS, Tokens: c.CompletionTokens, Chars: len(c.Text) + len(c.Reasoning), Entropy: c.MeanEntropy}
			if text, ok := answer.Extract(answer.Final(c.Text, c.FinishReason), opts); ok {
				a.Key = Key(set, gold, text)
				a.Correct = a.Key != "" && a.Key == p.GoldKey
			}
			p.Attempts = append(p.Attempts, a)
		}
		out = append(out, p)
	}
	return out
}

func goldKey(set *dataset.Set, gold string) string {
	if set.Integer {
		return gold
	}
	return answer.Canonical(gold)
}

// Key is the voting key of an extracted answer on a problem with the given
// gold, as aimo's evaluation groups answers.
func Key(set *dataset.Set, gold, extracted string) string {
	if set.Integer {
		n, ok := set.Range.Parse(extracted)
		if !ok {
			return ""
		}
		return strconv.FormatInt(n, 10)
	}
	if answer.Equal(gold, extracted) {
		return answer.Canonical(gold)
	}
	key := answer.Canonical(extracted)
	if key != "" && key == answer.Canonical(gold) {
		key = "≠" + key
	}
	return key
}
