package render

import (
	"fmt"

	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// Limits that keep report.html loadable for big sets: at most maxDrill
// problems (every problem the selection got wrong first, then the others in
// set order), and sample texts in full until textBudget bytes are used, then
// only their last tailChars bytes, where the answer is.
const (
	maxDrill   = 2000
	textBudget = 8 << 20
	tailChars  = 600
)

// problemView is one problem of the drill-down.
type problemView struct {
	ID, Text, Gold, Subject string
	Level                   int
	Answer                  string
	Correct, NoAnswer, Tie  bool
	Share                   float64
	Used                    int
	Samples                 []sampleView
}

// sampleView is one sample as the drill-down shows it.
type sampleView struct {
	Index      int
	Missing    bool
	Text       string
	Cut        int // bytes cut from the front of Text
	Answer     string
	Valid      bool
	Correct    bool
	Read       bool // the setting read this sample (k and early stopping)
	Agrees     bool // its answer is the one the vote chose
	Confidence float64
	Tokens     int
	Seconds    float64
}

// drillDown builds the views of the selected configuration's outcomes o
// on set, with each sample's text from rows, and a sentence saying what
// was left out, if anything.
func drillDown(o *eval.Outcomes, set *dataset.Set, rows map[rowKey][]*cache.Row) ([]problemView, string) {
	order := drillOrder(o.Problems)
	budget := textBudget
	cut := 0
	views := make([]problemView, 0, len(order))
	for _, p := range order {
		pr := &o.Problems[p]
		v := problemBase(set.Problems[p], pr)
		for _, s := range pr.Samples {
			sv := sampleOf(pr, s, rows)
			if len(sv.Text) > budget && len(sv.Text) > tailChars {
				sv.Cut = len(sv.Text) - tailChars
				sv.Text = sv.Text[sv.Cut:]
				cut++
			}
			budget -= len(sv.Text)
			v.Samples = append(v.Samples, sv)
		}
		views = append(views, v)
	}
	var msg string
	if len(order) < len(o.Problems) {
		msg = fmt.Sprintf("the drill-down shows %d of %d problems (every problem the selected configuration got wrong first); results.json has all outcomes", len(order), len(o.Problems))
	}
	if cut > 0 {
		msg = joinSentences(msg, fmt.Sprintf("%d sample texts past the first %d MB are cut to their last %d bytes; aimo show prints them whole", cut, textBudget>>20, tailChars))
	}
	return views, msg
}

func joinSentences(a, b string) string {
	if a == "" {
		return b
	}
	return a + "; " + b
}

// drillOrder lists the problems to show: all of them when few enough, else
// the wrong ones first, then the right ones, each in set order.
func drillOrder(probs []eval.ProblemResult) []int {
	if len(probs) <= maxDrill {
		out := make([]int, len(probs))
		for p := range out {
			out[p] = p
		}
		return out
	}
	var wrong, right []int
	for p, pr := range probs {
		if pr.Correct {
			right = append(right, p)
		} else {
			wrong = append(wrong, p)
		}
	}
	return append(wrong, right...)[:maxDrill]
}

func problemBase(prob dataset.Problem, pr *eval.ProblemResult) problemView {
	return problemView{ID: pr.ID, Text: prob.Text, Gold: pr.Gold, Subject: prob.Subject, Level: prob.Level,
		Answer: pr.Answer, NoAnswer: pr.NoAnswer, Tie: pr.Tie, Share: pr.Share, Used: pr.Used, Correct: pr.Correct}
}

// sampleOf joins a sample's outcome with its cached row (by generating
// cell, problem and sample index) for the text, tokens and latency.
func sampleOf(pr *eval.ProblemResult, s eval.SampleResult, rows map[rowKey][]*cache.Row) sampleView {
	sv := sampleView{Index: s.Index, Missing: !s.Present}
	if sv.Missing {
		return sv
	}
	if rs := rows[rowKey{s.Cell, pr.ID}]; s.Sample < len(rs) && rs[s.Sample] != nil {
		c := &rs[s.Sample].Completion
		sv.Text, sv.Tokens, sv.Seconds = c.Text, c.CompletionTokens, c.LatencyS
	}
	sv.Answer, sv.Valid, sv.Correct, sv.Read = s.Answer, s.Valid(), s.Correct, s.Read
	sv.Agrees = s.Valid() && !pr.NoAnswer && s.Key == pr.Key
	sv.Confidence = s.Confidence
	return sv
}
