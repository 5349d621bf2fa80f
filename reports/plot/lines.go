package plot

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Lines draws each series as a line with points, in the shared colours, with
// a legend when there is more than one.
func Lines(name, title, xLabel, yLabel string, series []Series) (*Figure, error) {
	f := newFigure(name, title, xLabel, yLabel).withGrid()
	for i, s := range series {
		if err := addLine(f, i, s, len(series) > 1); err != nil {
			return nil, err
		}
	}
	return f, nil
}

func addLine(f *Figure, i int, s Series, legend bool) error {
	if len(s.X) != len(s.Y) {
		return fmt.Errorf("plot %s: series %s has %d x and %d y values", f.Name, s.Name, len(s.X), len(s.Y))
	}
	xys := make(plotter.XYs, len(s.X))
	for j := range s.X {
		xys[j] = plotter.XY{X: s.X[j], Y: s.Y[j]}
	}
	line, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		return err
	}
	line.Color, points.Color = colorOf(i), colorOf(i)
	line.Width = vg.Points(1.5)
	if i%2 == 1 {
		line.Dashes = []vg.Length{vg.Points(5), vg.Points(3)}
	}
	points.Shape = shapeOf(i)
	f.p.Add(line, points)
	if legend {
		f.addLegend(s.Name, line, points)
	}
	return nil
}

// shapeOf varies the point shape with the colour, so lines stay apart when
// printed in grey.
func shapeOf(i int) draw.GlyphDrawer {
	shapes := []draw.GlyphDrawer{draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PlusGlyph{}, draw.CrossGlyph{}}
	return shapes[i%len(shapes)]
}
