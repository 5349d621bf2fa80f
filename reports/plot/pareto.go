package plot

import (
	"slices"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Point is one labelled configuration on a cost-accuracy plane.
type Point struct {
	Label string
	X, Y  float64
}

// Front returns the indices of the Pareto-optimal points (no other point
// is at most as costly and strictly more accurate, or strictly cheaper and
// at least as accurate), cheapest first.
func Front(pts []Point) []int {
	idx := make([]int, len(pts))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case pts[a].X != pts[b].X:
			return cmp(pts[a].X, pts[b].X)
		}
		return -cmp(pts[a].Y, pts[b].Y)
	})
	var front []int
	for _, i := range idx {
		if len(front) == 0 || pts[i].Y > pts[front[len(front)-1]].Y {
			front = append(front, i)
		}
	}
	return front
}

func cmp(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Pareto draws every point in grey and the Pareto front in colour, joined by
// a line and labelled.
func Pareto(name, title, xLabel, yLabel string, pts []Point) (*Figure, error) {
	f := newFigure(name, title, xLabel, yLabel).withGrid()
	all := make(plotter.XYs, len(pts))
	for i, p := range pts {
		all[i] = plotter.XY{X: p.X, Y: p.Y}
	}
	cloud, err := plotter.NewScatter(all)
	if err != nil {
		return nil, err
	}
	cloud.GlyphStyle.Color = grey
	cloud.GlyphStyle.Shape = draw.CircleGlyph{}
	f.p.Add(cloud)
	front := Front(pts)
	xys := plotter.XYLabels{XYs: make(plotter.XYs, len(front)), Labels: make([]string, len(front))}
	for j, i := range front {
		xys.XYs[j] = all[i]
		xys.Labels[j] = pts[i].Label
	}
	line, points, err := plotter.NewLinePoints(xys.XYs)
	if err != nil {
		return nil, err
	}
	line.Color, points.Color = colorOf(1), colorOf(1)
	line.Width = vg.Points(1.5)
	points.Shape = draw.CircleGlyph{}
	points.Radius = vg.Points(3.5)
	labels, err := plotter.NewLabels(xys)
	if err != nil {
		return nil, err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Font.Size = vg.Points(8)
		labels.Offset = vg.Point{X: vg.Points(4), Y: vg.Points(-10)}
	}
	f.p.Add(line, points, labels)
	f.p.Legend.Add("Pareto front", line, points)
	f.p.Legend.Add("other settings", cloud)
	f.p.Legend.Top = false
	f.p.Legend.Left = false
	return f, nil
}
