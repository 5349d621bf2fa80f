package plot

import (
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// legendEntry is one line of a figure's legend.
type legendEntry struct {
	name   string
	thumbs []gplot.Thumbnailer
}

// legendGap separates the legend from the x axis's label above it.
var legendGap = vg.Points(8)

// addLegend adds a legend line. The legend is drawn under the chart, one
// entry a line, never over the data.
func (f *Figure) addLegend(name string, thumbs ...gplot.Thumbnailer) {
	f.legend = append(f.legend, legendEntry{name, thumbs})
}

// legendFor builds the legend for a canvas width wide, each name fitted to
// the width left beside its thumbnail.
func (f *Figure) legendFor(width vg.Length) *gplot.Legend {
	l := gplot.NewLegend()
	l.TextStyle = sansText(f.p.Legend.TextStyle)
	l.TextStyle.Font.Size = vg.Points(10)
	l.Top, l.Left = true, true
	l.Padding = vg.Points(2)
	for i, name := range f.legendNames(&l, width) {
		l.Add(name, f.legend[i].thumbs...)
	}
	return &l
}

// legendNames are the legend's lines as l draws them on a canvas width wide.
func (f *Figure) legendNames(l *gplot.Legend, width vg.Length) []string {
	names := make([]string, len(f.legend))
	room := width - l.ThumbnailWidth - l.TextStyle.Width(" ")
	for i, e := range f.legend {
		names[i] = fit(l.TextStyle, e.name, room)
	}
	return names
}

// legendHeight is the height of the strip the legend takes under the chart,
// zero without a legend.
func (f *Figure) legendHeight() vg.Length {
	if len(f.legend) == 0 {
		return 0
	}
	l := f.legendFor(f.w)
	r := l.Rectangle(draw.Canvas{})
	return r.Max.Y - r.Min.Y + legendGap
}
