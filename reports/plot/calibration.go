package plot

import (
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// Bin is one confidence bin: the mean confidence and the accuracy of the
// samples that fell in it.
type Bin struct {
	Confidence, Accuracy float64
	Samples              int
}

// Calibration draws a reliability diagram: accuracy against confidence per
// bin, with the diagonal a perfectly calibrated signal would follow.
func Calibration(name, title, signal string, bins []Bin) (*Figure, error) {
	f := newFigure(name, title, signal+" confidence (bin mean)", "accuracy").withGrid()
	f.w, f.h = 5.5*vg.Inch, 5*vg.Inch
	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, err
	}
	diag.Color = grey
	diag.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	f.p.Add(diag)
	f.addLegend("perfect calibration", diag)
	var xys plotter.XYs
	for _, b := range bins {
		if b.Samples > 0 {
			xys = append(xys, plotter.XY{X: b.Confidence, Y: b.Accuracy})
		}
	}
	if len(xys) > 0 {
		line, points, err := plotter.NewLinePoints(xys)
		if err != nil {
			return nil, err
		}
		line.Color, points.Color = colorOf(0), colorOf(0)
		f.p.Add(line, points)
		f.addLegend("samples", line, points)
	}
	f.p.X.Min, f.p.X.Max, f.p.Y.Min, f.p.Y.Max = 0, 1, 0, 1
	accuracyAxis(&f.p.X)
	accuracyAxis(&f.p.Y)
	return f, nil
}
