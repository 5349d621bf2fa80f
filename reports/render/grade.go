package render

import (
	"strconv"
	"strings"

	"github.com/aimo-dev/aimo/reports/answer"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// verdict is one answer's grade on one problem: its voting key ("" when
// the answer is not valid here) and whether it is right.
type verdict struct {
	key     string
	correct bool
}

// problemGrader grades answers on one problem exactly as package eval does,
// so that votes recounted here match eval's counts: integer sets reduce by
// the set's range, other sets call answers equal to the gold right and merge
// wrong answers the grader calls equal. Package eval keeps its per-problem
// verdicts unexported, hence this mirror; a test checks the two agree.
type problemGrader struct {
	set      *dataset.Set
	gold     string
	goldKey  string
	byAnswer map[string]verdict
	reps     [][2]string // key, answer
}

func newProblemGrader(set *dataset.Set, idx int) *problemGrader {
	gold := set.Problems[idx].Answer
	g := &problemGrader{set: set, gold: gold, goldKey: answer.Canonical(gold), byAnswer: map[string]verdict{}}
	if set.Integer {
		g.goldKey = gold
	}
	return g
}

func (g *problemGrader) grade(a string) verdict {
	if v, ok := g.byAnswer[a]; ok {
		return v
	}
	var v verdict
	if g.set.Integer {
		if n, ok := g.set.Range.Parse(a); ok {
			key := strconv.FormatInt(n, 10)
			v = verdict{key: key, correct: key == g.gold}
		}
	} else {
		v = g.mathVerdict(a)
	}
	g.byAnswer[a] = v
	return v
}

func (g *problemGrader) mathVerdict(a string) verdict {
	if answer.Equal(g.gold, a) {
		return verdict{key: g.goldKey, correct: true}
	}
	key := answer.Canonical(a)
	if key == "" {
		return verdict{}
	}
	if key == g.goldKey {
		key = "≠" + key
	}
	if strings.Trim(key, "-0123456789/") == "" {
		return verdict{key: key}
	}
	for _, r := range g.reps {
		if r[0] == key || answer.Equal(r[1], a) {
			return verdict{key: r[0]}
		}
	}
	g.reps = append(g.reps, [2]string{key, a})
	return verdict{key: key}
}
