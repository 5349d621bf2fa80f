package plot

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Interval is one labelled estimate with its interval.
type Interval struct {
	Label         string
	Value, Lo, Hi float64
}

// intervalXY adapts intervals to gonum's XYer and XErrorer, one row per
// interval with the first at the top.
type intervalXY []Interval

func (v intervalXY) Len() int                    { return len(v) }
func (v intervalXY) XY(i int) (float64, float64) { return v[i].Value, float64(len(v) - 1 - i) }
func (v intervalXY) XError(i int) (float64, float64) {
	return v[i].Value - v[i].Lo, v[i].Hi - v[i].Value
}

// Intervals draws one horizontal row per estimate: a dot at the value and a
// bar across its interval. The figure grows with the number of rows.
func Intervals(name, title, xLabel string, rows []Interval) (*Figure, error) {
	if len(rows) == 0 {
		return nil, fmt.Errorf("plot %s: no rows", name)
	}
	f := newFigure(name, title, xLabel, "").withGrid()
	data := intervalXY(rows)
	bars, err := plotter.NewXErrorBars(data)
	if err != nil {
		return nil, err
	}
	dots, err := plotter.NewScatter(data)
	if err != nil {
		return nil, err
	}
	dots.GlyphStyle.Shape = draw.CircleGlyph{}
	dots.GlyphStyle.Color = colorOf(0)
	bars.Color = colorOf(0)
	f.p.Add(bars, dots)
	labels := make([]string, len(rows))
	for i, r := range rows {
		labels[len(rows)-1-i] = r.Label
	}
	labels, widest := fitAll(f.p.Y.Tick.Label, labels, rowLabelWidth)
	f.p.NominalY(labels...)
	f.p.X.Min, f.p.X.Max = spanOf(rows)
	accuracyAxis(&f.p.X)
	// The figure widens with its labels, so the intervals keep their room.
	f.w = max(7*vg.Inch, widest+intervalsWidth)
	f.h = max(3*vg.Inch, vg.Length(len(rows))*0.28*vg.Inch+1.4*vg.Inch)
	return f, nil
}

// rowLabelWidth bounds a row's label; longer names are shortened in the
// middle. intervalsWidth is the room the intervals themselves get.
var rowLabelWidth, intervalsWidth = 4.5 * vg.Inch, 5 * vg.Inch

// spanOf pads the range of the intervals so no bar touches the frame.
func spanOf(rows []Interval) (lo, hi float64) {
	lo, hi = rows[0].Lo, rows[0].Hi
	for _, r := range rows {
		lo, hi = min(lo, r.Lo, r.Value), max(hi, r.Hi, r.Value)
	}
	pad := max((hi-lo)*0.05, 0.005)
	return max(lo-pad, 0), min(hi+pad, 1+headroom)
}
