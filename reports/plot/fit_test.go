package plot

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// longName is a cell and setting name as a real sweep makes them.
func longName(i int) string {
	return fmt.Sprintf("qwen2.5-math-7b-v%02d-instruct+lora-r16-alpha32-dropout5/detailed_reasoning/t0.7 · score_weighted@8 stop3", i)
}

// charts draws every chart at the quickstart's size (one cell, three
// series) and at a 30-cell sweep's, with accuracies that reach 1.
func charts(t *testing.T) map[string]*Figure {
	t.Helper()
	out := map[string]*Figure{}
	for _, n := range []int{1, 3, 30} {
		var rows []Interval
		var pts []Point
		var names, levels []string
		for i := range n {
			acc := 1 - float64(i)/40
			rows = append(rows, Interval{longName(i), acc, acc - 0.05, min(acc+0.02, 1)})
			pts = append(pts, Point{longName(i), float64(1 + i), acc})
			names = append(names, longName(i))
		}
		for l := range 5 {
			levels = append(levels, fmt.Sprintf("Level %d", l+1))
		}
		var series []Series
		for i := range min(n, 3) {
			s := Series{Name: longName(i), X: []float64{1, 2, 4, 8}, Y: []float64{0.9, 0.95, 1, 1}}
			series = append(series, Series{Name: s.Name, X: s.X, Y: s.Y})
		}
		bars := make([]Series, len(series))
		for i, s := range series {
			bars[i] = Series{Name: s.Name, Y: []float64{1, 0.95, 0.9, 0.8, 0.7}}
		}
		grid := Grid{Rows: names, Cols: []string{"basic", "step_by_step", "detailed_reasoning", "structured_with_a_very_long_template_name"}}
		for range names {
			grid.Values = append(grid.Values, []float64{0.5, 0.6, 0.7, 0.8})
		}
		add := func(kind string, f *Figure, err error) {
			if err != nil {
				t.Fatalf("%s: %v", kind, err)
			}
			out[fmt.Sprintf("%s/%d", kind, n)] = f
		}
		f, err := Intervals("accuracy", "Best accuracy per cell on math100", "accuracy", rows)
		add("accuracy", f, err)
		f, err = Pareto("cost", "Accuracy against cost on math100", "completion tokens per problem", "accuracy", pts)
		add("cost", f, err)
		f, err = Grouped("by-level", "Accuracy by level on math100", "accuracy", levels, bars)
		add("by-level", f, err)
		f, err = Lines("curves", "maj@k and pass@k of "+longName(0)+" on math100", "k (samples)", "accuracy", series)
		if err == nil {
			f = f.AccuracyY()
		}
		add("curves", f, err)
		f, err = Calibration("calibration", "Calibration of "+longName(0), "reward", []Bin{{0.5, 0.4, 3}, {0.97, 1, 9}})
		add("calibration", f, err)
		f, err = Heat("voting-grid", "Voting methods × k: "+longName(0), "template", "cell", grid)
		add("voting-grid", f, err)
	}
	return out
}

// TestAccuracyAxesStopAtOne: an accuracy axis may run a little past 1 so a
// bar at 1 clears the frame, but it never shows a tick above 1.
func TestAccuracyAxesStopAtOne(t *testing.T) {
	for name, f := range charts(t) {
		axes := map[string]*gplot.Axis{"y": &f.p.Y}
		switch {
		case strings.HasPrefix(name, "accuracy/"):
			axes = map[string]*gplot.Axis{"x": &f.p.X}
		case strings.HasPrefix(name, "calibration/"):
			axes["x"] = &f.p.X
		case strings.HasPrefix(name, "voting-grid/"):
			continue
		}
		for an, a := range axes {
			if a.Max > 1+headroom {
				t.Errorf("%s: %s axis runs to %g", name, an, a.Max)
			}
			for _, tick := range a.Tick.Marker.Ticks(a.Min, a.Max) {
				if tick.Value > 1 {
					t.Errorf("%s: %s axis has a tick at %g (%q)", name, an, tick.Value, tick.Label)
				}
			}
		}
	}
}

// drawn is one string a chart drew, with its extent on the canvas.
type drawn struct {
	s    string
	rect vg.Rectangle
}

// drawnText records f's drawing and returns every horizontal string with
// the rectangle it covers, measured with the font it was drawn in. Rotated
// strings (the y axis's label) are left out.
func drawnText(f *Figure) []drawn {
	var rec recorder.Canvas
	w, h := f.size()
	f.draw(draw.Canvas{Canvas: &rec, Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}})
	var out []drawn
	rotated := []bool{false}
	for _, a := range rec.Actions {
		switch a := a.(type) {
		case *recorder.Push:
			rotated = append(rotated, rotated[len(rotated)-1])
		case *recorder.Pop:
			rotated = rotated[:len(rotated)-1]
		case *recorder.Rotate:
			rotated[len(rotated)-1] = true
		case *recorder.FillString:
			if rotated[len(rotated)-1] {
				continue
			}
			// The box spans the glyphs' ink, roughly: from below the
			// baseline by a descender to the cap height. The font's full
			// extents are taller than the spacing gonum puts between lines.
			face := font.DefaultCache.Lookup(a.Font, a.Size)
			out = append(out, drawn{a.String, vg.Rectangle{
				Min: vg.Point{X: a.Point.X, Y: a.Point.Y - 0.2*a.Size},
				Max: vg.Point{X: a.Point.X + face.Width(a.String), Y: a.Point.Y + 0.72*a.Size},
			}})
		}
	}
	return out
}

// TestTextFitsTheImage: every label, title and legend entry lies inside the
// image, whatever the length of the names, and no two overlap.
func TestTextFitsTheImage(t *testing.T) {
	for name, f := range charts(t) {
		w, h := f.size()
		texts := drawnText(f)
		if len(texts) == 0 {
			t.Fatalf("%s: drew no text", name)
		}
		for i, a := range texts {
			if a.rect.Min.X < 0 || a.rect.Max.X > w || a.rect.Min.Y < 0 || a.rect.Max.Y > h {
				t.Errorf("%s: %q spans x %.0f–%.0f, y %.0f–%.0f of a %.0f×%.0f image",
					name, a.s, a.rect.Min.X, a.rect.Max.X, a.rect.Min.Y, a.rect.Max.Y, w, h)
			}
			for _, b := range texts[i+1:] {
				if overlap(a.rect, b.rect) {
					t.Errorf("%s: %q overlaps %q", name, a.s, b.s)
				}
			}
		}
	}
}

// TestDataKeepsItsRoom: however long the labels, the data area keeps at
// least 3 by 2 inches; labels are shortened or the figure grows.
func TestDataKeepsItsRoom(t *testing.T) {
	for name, f := range charts(t) {
		w, h := f.size()
		c := draw.Crop(draw.Canvas{Canvas: &recorder.Canvas{}, Rectangle: vg.Rectangle{Max: vg.Point{X: w, Y: h}}}, margin, -margin, margin, -margin)
		data := f.p.DataCanvas(f.plotCanvas(c))
		if size := data.Size(); size.X < 3*vg.Inch || size.Y < 1.5*vg.Inch {
			t.Errorf("%s: the data area is %.1f×%.1f in", name, size.X/vg.Inch, size.Y/vg.Inch)
		}
	}
}

func overlap(a, b vg.Rectangle) bool {
	return a.Min.X < b.Max.X && b.Min.X < a.Max.X && a.Min.Y < b.Max.Y && b.Min.Y < a.Max.Y
}

// TestLegendIsUnderTheData: a legend entry never sits in the data area or
// among the axes' labels; it is drawn below all of them.
func TestLegendIsUnderTheData(t *testing.T) {
	for name, f := range charts(t) {
		if len(f.legend) == 0 {
			continue
		}
		lines := f.legendNames(f.legendFor(0), f.w-2*margin)
		var legend, rest []drawn
		for _, tx := range drawnText(f) {
			if slices.Contains(lines, tx.s) {
				legend = append(legend, tx)
			} else {
				rest = append(rest, tx)
			}
		}
		if len(legend) != len(lines) {
			t.Errorf("%s: found %d of the legend's %d lines", name, len(legend), len(lines))
		}
		for _, l := range legend {
			for _, r := range rest {
				if l.rect.Max.Y > r.rect.Min.Y {
					t.Errorf("%s: legend entry %q is not below %q", name, l.s, r.s)
				}
			}
		}
	}
}

// TestFitShortensInTheMiddle: a label too wide keeps its start and its end
// around an ellipsis, and fits.
func TestFitShortensInTheMiddle(t *testing.T) {
	sty := sansText(gplot.New().X.Tick.Label)
	long := longName(7)
	for _, width := range []vg.Length{vg.Inch, 2 * vg.Inch, 4 * vg.Inch} {
		got := fit(sty, long, width)
		if sty.Width(got) > width {
			t.Errorf("fit to %v: %q is %v wide", width, got, sty.Width(got))
		}
		head, tail, ok := strings.Cut(got, ellipsis)
		if !ok || !strings.HasPrefix(long, head) || !strings.HasSuffix(long, tail) || head == "" || tail == "" {
			t.Errorf("fit to %v: %q is not a start, an ellipsis and an end of %q", width, got, long)
		}
	}
	if got := fit(sty, "short", vg.Inch); got != "short" {
		t.Errorf("fit shortened a label that fits: %q", got)
	}
}

// TestChartsLeaveGonumDefaultsAlone: the charts style their own text, so
// drawing one does not change gonum/plot's package-wide font.
func TestChartsLeaveGonumDefaultsAlone(t *testing.T) {
	if gplot.DefaultFont.Variant != "Serif" || plotter.DefaultFont.Variant != "Serif" {
		t.Errorf("gonum/plot's default font was changed to %+v, %+v", gplot.DefaultFont, plotter.DefaultFont)
	}
}
