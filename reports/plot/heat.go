package plot

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot/palette/moreland"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Grid is a table of values over two categorical axes: Values[row][col],
// NaN where a combination was not evaluated.
type Grid struct {
	Cols, Rows []string
	Values     [][]float64
}

func (g Grid) Dims() (c, r int)   { return len(g.Cols), len(g.Rows) }
func (g Grid) Z(c, r int) float64 { return g.Values[r][c] }
func (g Grid) X(c int) float64    { return float64(c) }
func (g Grid) Y(r int) float64    { return float64(r) }
func (g Grid) rangeOf() (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, row := range g.Values {
		for _, z := range row {
			if !math.IsNaN(z) {
				lo, hi = math.Min(lo, z), math.Max(hi, z)
			}
		}
	}
	if lo > hi {
		return 0, 1
	}
	if lo == hi {
		lo, hi = lo-0.01, hi+0.01
	}
	return lo, hi
}

// Heat draws a heat map of g with each cell's value written on it, so the
// chart reads without a colour legend.
func Heat(name, title, xLabel, yLabel string, g Grid) (*Figure, error) {
	if len(g.Cols) == 0 || len(g.Rows) == 0 {
		return nil, fmt.Errorf("plot %s: empty grid", name)
	}
	f := newFigure(name, title, xLabel, yLabel)
	lo, hi := g.rangeOf()
	cmap := moreland.SmoothBlueRed()
	cmap.SetMin(lo)
	cmap.SetMax(hi)
	hm := plotter.NewHeatMap(g, cmap.Palette(64))
	hm.Min, hm.Max = lo, hi
	hm.NaN = color.White
	f.p.Add(hm)
	labels, err := cellLabels(g)
	if err != nil {
		return nil, err
	}
	f.p.Add(labels)
	cols, colW := fitAll(f.p.X.Tick.Label, g.Cols, heatLabelWidth)
	rows, rowW := fitAll(f.p.Y.Tick.Label, g.Rows, heatLabelWidth)
	f.p.NominalX(cols...)
	f.p.NominalY(rows...)
	// Columns widen to their labels, so neighbouring labels never run into
	// each other; the rows' labels and the axis label take the rest.
	colW = max(0.9*vg.Inch, colW+0.2*vg.Inch)
	f.w = max(5*vg.Inch, vg.Length(len(g.Cols))*colW+rowW+1*vg.Inch)
	// A small grid widens, up to a bound, so its title (which names the
	// cell) is not cut short.
	f.w = max(f.w, min(f.p.Title.TextStyle.Width(title)+2*margin+0.2*vg.Inch, 9*vg.Inch))
	f.h = max(3*vg.Inch, vg.Length(len(g.Rows))*0.4*vg.Inch+1.4*vg.Inch)
	return f, nil
}

// heatLabelWidth bounds a row or column label of a heat map.
var heatLabelWidth = 3 * vg.Inch

func cellLabels(g Grid) (*plotter.Labels, error) {
	var xys plotter.XYLabels
	for r, row := range g.Values {
		for c, z := range row {
			if math.IsNaN(z) {
				continue
			}
			xys.XYs = append(xys.XYs, plotter.XY{X: float64(c), Y: float64(r)})
			xys.Labels = append(xys.Labels, fmt.Sprintf("%.3f", z))
		}
	}
	labels, err := plotter.NewLabels(xys)
	if err != nil {
		return nil, err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i] = sansText(labels.TextStyle[i])
		labels.TextStyle[i].XAlign = -0.5
		labels.TextStyle[i].YAlign = -0.5
	}
	return labels, nil
}
