package eval

import (
	"fmt"

	"github.com/aimo-dev/aimo/lang"
)

// selectBest picks the best entry on s.On and re-measures it on s.Confirm.
// It returns nil when nothing was evaluated on s.On.
func selectBest(r *Results, s lang.Select) *Selection {
	on := s.On
	if on == "" && len(r.Sets) > 0 {
		on = r.Sets[0].Name
	}
	first, second := entryAt(r, on, 1), entryAt(r, on, 2)
	if first == nil {
		return nil
	}
	sel := &Selection{On: on, Metric: s.Metric, Winner: pick(first)}
	if sel.Metric == "" {
		sel.Metric = "accuracy"
	}
	if second != nil {
		ru := pick(second)
		sel.RunnerUp = &ru
		sel.Margin = first.Accuracy - second.Accuracy
		sel.P = second.VsBest.PAdj
		sel.Significant = second.VsBest.Significant
	}
	if s.Confirm != "" && s.Confirm != on {
		sel.Confirm = confirm(r, s.Confirm, first)
	}
	sel.Verdict = verdict(sel)
	return sel
}

func entryAt(r *Results, set string, rank int) *Entry {
	for i := range r.Grid {
		if r.Grid[i].Set == set && r.Grid[i].Rank == rank {
			return &r.Grid[i]
		}
	}
	return nil
}

func pick(e *Entry) Pick {
	return Pick{Cell: e.Cell, Setting: e.Setting, Accuracy: e.Accuracy, Wilson: e.Wilson}
}

func confirm(r *Results, set string, winner *Entry) *Confirmation {
	for i := range r.Grid {
		e := &r.Grid[i]
		if e.Set == set && e.Cell == winner.Cell && e.Setting == winner.Setting {
			c := &Confirmation{Set: set, Accuracy: e.Accuracy, Wilson: e.Wilson, Moved: e.Accuracy - winner.Accuracy, Rank: e.Rank}
			if best := entryAt(r, set, 1); best != nil {
				c.Best = pick(best)
			}
			return c
		}
	}
	return nil
}

func verdict(s *Selection) string {
	w := s.Winner
	msg := fmt.Sprintf("%s with %s is best on %s (%s %.3f).", w.Cell, w.Setting, s.On, s.Metric, w.Accuracy)
	switch {
	case s.RunnerUp == nil:
		msg += " It had no competitor."
	case s.Significant:
		msg += fmt.Sprintf(" It is significantly better than the runner-up %s with %s (+%.3f, Holm-adjusted p=%.3g).",
			s.RunnerUp.Cell, s.RunnerUp.Setting, s.Margin, s.P)
	default:
		msg += fmt.Sprintf(" It is not significantly better than the runner-up %s with %s (+%.3f, Holm-adjusted p=%.3g).",
			s.RunnerUp.Cell, s.RunnerUp.Setting, s.Margin, s.P)
	}
	if c := s.Confirm; c != nil {
		msg += fmt.Sprintf(" On %s it scores %.3f (%+.3f), rank %d.", c.Set, c.Accuracy, c.Moved, c.Rank)
	}
	return msg
}
