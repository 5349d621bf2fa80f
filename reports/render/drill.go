package render

import (
	"fmt"

	"github.com/aimo-dev/aimo/reports/vote"
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

// drillDown builds the views of the selected configuration on pl, and a
// sentence saying what was left out, if anything.
func drillDown(pl *pool, votes []vote.Result, k int) ([]problemView, string) {
	order := drillOrder(votes, pl)
	budget := textBudget
	cut := 0
	views := make([]problemView, 0, len(order))
	for _, p := range order {
		v := problemBase(pl, p, votes[p])
		for s := range pl.n {
			sv := sampleOf(pl, p*pl.n+s, votes[p], s < min(k, pl.n) && s < votes[p].Used)
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
	if len(order) < len(votes) {
		msg = fmt.Sprintf("the drill-down shows %d of %d problems (every problem the selected configuration got wrong first); results.json has all outcomes", len(order), len(votes))
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
func drillOrder(votes []vote.Result, pl *pool) []int {
	var wrong, right []int
	for p, res := range votes {
		if !res.NoAnswer() && res.Key == pl.graders[p].goldKey {
			right = append(right, p)
		} else {
			wrong = append(wrong, p)
		}
	}
	if len(votes) <= maxDrill {
		out := make([]int, len(votes))
		for p := range out {
			out[p] = p
		}
		return out
	}
	return append(wrong, right...)[:maxDrill]
}

func problemBase(pl *pool, p int, res vote.Result) problemView {
	prob := pl.set.Problems[p]
	return problemView{ID: prob.ID, Text: prob.Text, Gold: prob.Answer, Subject: prob.Subject, Level: prob.Level,
		Answer: res.Answer, NoAnswer: res.NoAnswer(), Tie: res.Tie, Share: res.Share, Used: res.Used,
		Correct: !res.NoAnswer() && res.Key == pl.graders[p].goldKey}
}

func sampleOf(pl *pool, i int, res vote.Result, read bool) sampleView {
	s := pl.samples[i]
	sv := sampleView{Index: i % pl.n, Missing: !pl.present[i]}
	if sv.Missing {
		return sv
	}
	c := &pl.rows[i].Completion
	sv.Text, sv.Tokens, sv.Seconds = c.Text, c.CompletionTokens, c.LatencyS
	sv.Answer, sv.Valid, sv.Correct = s.Answer, s.Valid, pl.correct[i]
	sv.Read = read
	sv.Agrees = s.Valid && !res.NoAnswer() && s.Key == res.Key
	sv.Confidence = s.Confidence
	return sv
}
