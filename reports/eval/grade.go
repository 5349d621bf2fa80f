package eval

import (
	"strconv"
	"strings"

	"github.com/aimo-dev/aimo/reports/answer"
	"github.com/aimo-dev/aimo/reports/vote"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// extraction is what grading needs from a text, computed once per distinct
// text: the extracted answer and the reasoning-pattern signal (lazily).
type extraction struct {
	answer    string
	ok        bool
	reasoning float64
	hasReason bool
}

// grade is one answer's verdict on one problem.
type grade struct {
	key     string // voting key; "" when the answer is not valid here
	correct bool
}

// grader grades texts against the problems of the evaluated sets, caching
// extraction per text and verdicts per (problem, answer).
type grader struct {
	opts  answer.Options
	texts map[string]*extraction
	probs map[problemRef]*problemGrades
}

type problemRef struct {
	set string
	idx int
}

// problemGrades caches one problem's verdicts. Wrong answers that are not
// plain numbers are merged with an earlier wrong answer the grader calls
// equal, so equivalent forms vote together.
type problemGrades struct {
	gold, goldKey string
	byAnswer      map[string]grade
	reps          []rep
}

type rep struct{ key, answer string }

func newGrader(fallbacks []string) *grader {
	return &grader{
		opts:  answer.Options{Fallbacks: fallbacks},
		texts: map[string]*extraction{},
		probs: map[problemRef]*problemGrades{},
	}
}

// extract returns the cached extraction of text.
func (g *grader) extract(text string) *extraction {
	if x, ok := g.texts[text]; ok {
		return x
	}
	a, ok := answer.Extract(text, g.opts)
	x := &extraction{answer: a, ok: ok}
	g.texts[text] = x
	return x
}

// reasoningOf returns the reasoning-pattern confidence of the text x came from.
func (x *extraction) reasoningOf(text string) float64 {
	if !x.hasReason {
		x.reasoning = vote.ReasoningConfidence(text)
		x.hasReason = true
	}
	return x.reasoning
}

// problem returns the cache of problem idx of set.
func (g *grader) problem(set *dataset.Set, idx int) *problemGrades {
	ref := problemRef{set.Name, idx}
	if p, ok := g.probs[ref]; ok {
		return p
	}
	gold := set.Problems[idx].Answer
	p := &problemGrades{gold: gold, goldKey: answer.Canonical(gold), byAnswer: map[string]grade{}}
	if set.Integer {
		p.goldKey = gold
	}
	g.probs[ref] = p
	return p
}

// verdict grades an extracted answer on a problem of set.
func (p *problemGrades) verdict(set *dataset.Set, a string) grade {
	if v, ok := p.byAnswer[a]; ok {
		return v
	}
	var v grade
	if set.Integer {
		v = integerVerdict(set, p.gold, a)
	} else {
		v = p.mathVerdict(a)
	}
	p.byAnswer[a] = v
	return v
}

// integerVerdict reduces the prediction by the set's range, as the gold was:
// an answer that is not an integer in range cannot be submitted and abstains.
func integerVerdict(set *dataset.Set, gold, a string) grade {
	n, ok := set.Range.Parse(a)
	if !ok {
		return grade{}
	}
	key := strconv.FormatInt(n, 10)
	return grade{key: key, correct: key == gold}
}

func (p *problemGrades) mathVerdict(a string) grade {
	if answer.Equal(p.gold, a) {
		return grade{key: p.goldKey, correct: true}
	}
	key := answer.Canonical(a)
	if key == "" {
		return grade{}
	}
	if key == p.goldKey {
		key = "≠" + key // canonically equal but not graded equal: keep apart from the gold
	}
	if isRational(key) {
		return grade{key: key}
	}
	for _, r := range p.reps {
		if r.key == key || answer.Equal(r.answer, a) {
			return grade{key: r.key}
		}
	}
	p.reps = append(p.reps, rep{key, a})
	return grade{key: key}
}

// isRational reports whether key is Canonical's exact form of a rational,
// which equals another answer exactly when the keys are equal.
func isRational(key string) bool {
	return key != "" && strings.Trim(key, "-0123456789/") == ""
}
