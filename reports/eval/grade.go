package eval

import (
	"strconv"
	"strings"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/reports/vote"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// extraction is what grading needs from a text, computed once per distinct
// text: the extracted answer and the reasoning-pattern signal.
type extraction struct {
	answer    string
	ok        bool
	reasoning float64
}

// grade is one answer's verdict on one problem.
type grade struct {
	key     int32 // voting key, into problemGrades.keys; -1 when the answer is not valid here
	correct bool
}

// extractor extracts answers from texts, once per distinct text, into a
// list that pools index, so a sample costs an int32, not a copy. Each
// grading goroutine has its own; their lists are joined afterwards.
type extractor struct {
	opts  answer.Options
	texts map[string]int32
	list  []extraction
	// held counts the bytes of texts' keys: past maxHeld the map starts
	// afresh, so that a stream of distinct texts is not all kept.
	held int
}

// maxHeld bounds the text one extractor's map keeps.
const maxHeld = 64 << 20

// problemGrades caches one problem's verdicts and interns its voting keys.
// Wrong answers that are not plain numbers are merged with an earlier wrong
// answer the grader calls equal, so equivalent forms vote together. One
// goroutine grades a problem, in item order, so the merge is deterministic.
type problemGrades struct {
	gold, goldKey string
	// first is the first answer graded, firstGrade its verdict; byAnswer
	// holds the others' (most problems' samples give one or a few answers).
	first      string
	firstGrade grade
	seen       bool
	byAnswer   map[string]grade
	reps       []rep
	keys       []string
}

type rep struct{ key, answer string }

// newExtractor makes an extractor for about n texts.
func newExtractor(opts answer.Options, n int) *extractor {
	return &extractor{opts: opts, texts: make(map[string]int32, n), list: make([]extraction, 0, n)}
}

// extract returns the index of text's extraction in the list.
func (g *extractor) extract(text string) int32 {
	if i, ok := g.texts[text]; ok {
		return i
	}
	a, ok := answer.Extract(text, g.opts)
	i := int32(len(g.list))
	// The answer is cloned: a piece of the text would keep all of it.
	g.list = append(g.list, extraction{answer: strings.Clone(a), ok: ok, reasoning: vote.ReasoningConfidence(text)})
	if g.held += len(text); g.held > maxHeld {
		clear(g.texts)
		g.held = len(text)
	}
	// The text is cloned too: a stream's rows may be reused once handed over.
	g.texts[strings.Clone(text)] = i
	return i
}

// init starts the cache of problem idx of set; its verdicts map is made
// at the first verdict.
func (p *problemGrades) init(set *dataset.Set, idx int) {
	gold := set.Problems[idx].Answer
	*p = problemGrades{gold: gold, goldKey: answer.Canonical(gold)}
	if set.Integer {
		p.goldKey = gold
	}
}

// intern returns key's index in the problem's keys, -1 for "".
func (p *problemGrades) intern(key string) int32 {
	if key == "" {
		return -1
	}
	for i, k := range p.keys {
		if k == key {
			return int32(i)
		}
	}
	p.keys = append(p.keys, key)
	return int32(len(p.keys) - 1)
}

// verdict grades an extracted answer on a problem of set.
func (p *problemGrades) verdict(set *dataset.Set, a string) grade {
	if p.seen && p.first == a {
		return p.firstGrade
	}
	if v, ok := p.byAnswer[a]; ok {
		return v
	}
	var key string
	var correct bool
	if set.Integer {
		key, correct = integerVerdict(set, p.gold, a)
	} else {
		key, correct = p.mathVerdict(a)
	}
	v := grade{key: p.intern(key), correct: correct}
	switch {
	case !p.seen:
		p.first, p.firstGrade, p.seen = a, v, true
	case p.byAnswer == nil:
		p.byAnswer = map[string]grade{a: v}
	default:
		p.byAnswer[a] = v
	}
	return v
}

// integerVerdict reduces the prediction by the set's range, as the gold was:
// an answer that is not an integer in range cannot be submitted and abstains.
func integerVerdict(set *dataset.Set, gold, a string) (key string, correct bool) {
	n, ok := set.Range.Parse(a)
	if !ok {
		return "", false
	}
	key = strconv.FormatInt(n, 10)
	return key, key == gold
}

// mathVerdict returns the voting key of a MATH-style answer ("" when there
// is none) and whether it is right.
func (p *problemGrades) mathVerdict(a string) (string, bool) {
	if answer.Equal(p.gold, a) {
		return p.goldKey, true
	}
	key := answer.Canonical(a)
	if key == "" {
		return "", false
	}
	if key == p.goldKey {
		key = "≠" + key // canonically equal but not graded equal: keep apart from the gold
	}
	if isRational(key) {
		return key, false
	}
	for _, r := range p.reps {
		if r.key == key || answer.Equal(r.answer, a) {
			return r.key, false
		}
	}
	p.reps = append(p.reps, rep{key, a})
	return key, false
}

// isRational reports whether key is Canonical's exact form of a rational,
// which equals another answer exactly when the keys are equal.
func isRational(key string) bool {
	return key != "" && strings.Trim(key, "-0123456789/") == ""
}
