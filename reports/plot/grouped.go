package plot

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Grouped draws one group of bars per category, one bar per series; series
// Y values are per category (X is ignored).
func Grouped(name, title, yLabel string, categories []string, series []Series) (*Figure, error) {
	f := newFigure(name, title, "", yLabel).withGrid()
	f.w = max(7*vg.Inch, vg.Length(len(categories)*len(series))*0.25*vg.Inch+1.5*vg.Inch)
	width := vg.Points(min(24, 300/float64(max(1, len(categories)*len(series)))))
	for i, s := range series {
		if len(s.Y) != len(categories) {
			return nil, fmt.Errorf("plot %s: series %s has %d values for %d categories", name, s.Name, len(s.Y), len(categories))
		}
		bars, err := plotter.NewBarChart(plotter.Values(s.Y), width)
		if err != nil {
			return nil, err
		}
		bars.Color = colorOf(i)
		bars.LineStyle.Width = 0
		bars.Offset = vg.Length(float64(i)-float64(len(series)-1)/2) * width
		f.p.Add(bars)
		f.addLegend(s.Name, bars)
	}
	f.p.NominalX(categories...)
	f.p.Y.Min, f.p.Y.Max = 0, 1
	accuracyAxis(&f.p.Y)
	return f, nil
}
