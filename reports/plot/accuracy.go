package plot

import gplot "gonum.org/v1/plot"

// headroom is how far an accuracy axis runs past 1, so a point or bar at 1
// does not touch the frame. No tick is drawn there: accuracy stops at 1.
const headroom = 0.03

// accuracyAxis clamps a to accuracies, [0, 1] plus headroom when the data
// reach 1, and keeps its ticks at or below 1.
func accuracyAxis(a *gplot.Axis) {
	a.Min = max(a.Min, 0)
	if a.Max >= 1 {
		a.Max = 1 + headroom
	}
	a.Tick.Marker = gplot.TickerFunc(accuracyTicks)
}

// accuracyTicks are gonum's default ticks over [min, max], less those above 1.
func accuracyTicks(lo, hi float64) []gplot.Tick {
	top := min(hi, 1)
	if top <= lo {
		// The data sit at 1 (or the range is empty): tick the headroom's
		// span and keep what is at most 1.
		top = hi
	}
	if top <= lo {
		return nil
	}
	var out []gplot.Tick
	for _, t := range (gplot.DefaultTicks{}).Ticks(lo, top) {
		if t.Value <= 1 {
			out = append(out, t)
		}
	}
	return out
}

// AccuracyY marks the y axis as an accuracy (see accuracyAxis).
func (f *Figure) AccuracyY() *Figure {
	accuracyAxis(&f.p.Y)
	return f
}
