package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// pngDPI makes PNGs sharp enough for a pull-request page.
const pngDPI = 144

// margin keeps the title and the outermost labels off the image's edge.
var margin = vg.Points(6)

// Figure is one chart, ready to encode.
type Figure struct {
	// Name is the file stem the chart is saved under (plots/NAME.svg).
	Name string
	// Title is the chart's title, also used as the image's alt text.
	Title string
	p     *gplot.Plot
	// w and h are the size of the chart above its legend; the legend adds
	// its own height below.
	w, h   vg.Length
	legend []legendEntry
}

func newFigure(name, title, xLabel, yLabel string) *Figure {
	p := gplot.New()
	styleSans(p)
	p.Title.Text = title
	p.Title.Padding = vg.Points(6)
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	return &Figure{Name: name, Title: title, p: p, w: 7 * vg.Inch, h: 4.5 * vg.Inch}
}

// withGrid adds grid lines behind what is drawn next.
func (f *Figure) withGrid() *Figure {
	f.p.Add(plotter.NewGrid())
	return f
}

// size is the whole image: the chart and the legend under it.
func (f *Figure) size() (w, h vg.Length) {
	return f.w, f.h + f.legendHeight()
}

// draw draws the chart into c: the plot above, the legend in a strip of its
// own below, so no legend ever covers data. Text that would not fit the
// image (title, axis labels) is shortened with an ellipsis.
func (f *Figure) draw(c draw.Canvas) {
	c.SetColor(color.White)
	c.Fill(c.Rectangle.Path())
	c = draw.Crop(c, margin, -margin, margin, -margin)
	width := c.Max.X - c.Min.X
	f.p.Title.Text = fit(f.p.Title.TextStyle, f.Title, width)
	f.p.X.Label.Text = fit(f.p.X.Label.TextStyle, f.p.X.Label.Text, width)
	f.p.Y.Label.Text = fit(f.p.Y.Label.TextStyle, f.p.Y.Label.Text, c.Max.Y-c.Min.Y-f.legendHeight())
	lh := f.legendHeight()
	f.p.Draw(f.plotCanvas(c))
	if lh > 0 {
		l := f.legendFor(width)
		l.Draw(draw.Crop(c, 0, 0, 0, -(c.Max.Y - c.Min.Y - lh + legendGap)))
	}
}

// plotCanvas is the part of the image c (less its margin) the plot takes:
// all but the legend's strip.
func (f *Figure) plotCanvas(c draw.Canvas) draw.Canvas {
	return draw.Crop(c, 0, 0, f.legendHeight(), 0)
}

// SVG encodes the figure as SVG.
func (f *Figure) SVG() ([]byte, error) {
	c := vgsvg.New(f.size())
	f.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plot %s: svg: %w", f.Name, err)
	}
	return buf.Bytes(), nil
}

// PNG encodes the figure as PNG.
func (f *Figure) PNG() ([]byte, error) {
	w, h := f.size()
	c := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(pngDPI))}
	f.draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plot %s: png: %w", f.Name, err)
	}
	return buf.Bytes(), nil
}

// Series is one named line or bar group.
type Series struct {
	Name string
	X, Y []float64
}

// color returns the i-th colour of the shared palette.
func colorOf(i int) color.Color { return plotutil.Color(i) }

// grey is the colour of points that are not the point of a chart.
var grey = color.Gray{Y: 160}

// PreciseY labels the y axis's major ticks with four significant digits, so
// ticks over a narrow range (a loss between 7.2 and 7.35) stay distinct.
func (f *Figure) PreciseY() *Figure {
	f.p.Y.Tick.Marker = gplot.TickerFunc(func(min, max float64) []gplot.Tick {
		ticks := gplot.DefaultTicks{}.Ticks(min, max)
		for i := range ticks {
			if ticks[i].Label != "" {
				ticks[i].Label = strconv.FormatFloat(ticks[i].Value, 'g', 4, 64)
			}
		}
		return ticks
	})
	return f
}
