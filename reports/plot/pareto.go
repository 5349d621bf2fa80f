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

// labelWidth bounds a point label on the cost chart: longer cell and setting
// names are shortened in the middle.
var labelWidth = 2.6 * vg.Inch

// Pareto draws every point in grey and the Pareto front in colour, joined by
// a line and labelled: points on the left half labelled to their right,
// points on the right half to their left, so no label runs off the chart.
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
	xys := make(plotter.XYs, len(front))
	for j, i := range front {
		xys[j] = all[i]
	}
	line, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		return nil, err
	}
	line.Color, points.Color = colorOf(1), colorOf(1)
	line.Width = vg.Points(1.5)
	points.Shape = draw.CircleGlyph{}
	points.Radius = vg.Points(3.5)
	f.p.Add(line, points)
	accuracyAxis(&f.p.Y)
	if err := f.labelFront(pts, front); err != nil {
		return nil, err
	}
	f.addLegend("Pareto front", line, points)
	f.addLegend("other settings", cloud)
	return f, nil
}

// labelFront writes each front point's label beside it, on the side facing
// the middle of the x range.
func (f *Figure) labelFront(pts []Point, front []int) error {
	mid := (f.p.X.Min + f.p.X.Max) / 2
	var right, left plotter.XYLabels
	for _, i := range front {
		side := &right
		if pts[i].X > mid {
			side = &left
		}
		side.XYs = append(side.XYs, plotter.XY{X: pts[i].X, Y: pts[i].Y})
		side.Labels = append(side.Labels, pts[i].Label)
	}
	for _, side := range []struct {
		xys    plotter.XYLabels
		align  draw.XAlignment
		offset vg.Length
	}{{right, draw.XLeft, vg.Points(5)}, {left, draw.XRight, vg.Points(-5)}} {
		if len(side.xys.XYs) == 0 {
			continue
		}
		labels, err := plotter.NewLabels(side.xys)
		if err != nil {
			return err
		}
		for i := range labels.TextStyle {
			sty := sansText(labels.TextStyle[i])
			sty.Font.Size = vg.Points(8)
			sty.XAlign = side.align
			labels.TextStyle[i] = sty
			labels.Labels[i] = fit(sty, labels.Labels[i], labelWidth)
		}
		labels.Offset = vg.Point{X: side.offset, Y: vg.Points(-10)}
		f.p.Add(labels)
	}
	return nil
}
