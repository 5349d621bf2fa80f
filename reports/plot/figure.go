package plot

import (
	"bytes"
	"fmt"
	"image/color"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// sans is the font of every chart (see the package comment).
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

func init() {
	gplot.DefaultFont = sans
	plotter.DefaultFont = sans
}

// pngDPI makes PNGs sharp enough for a pull-request page.
const pngDPI = 144

// Figure is one chart, ready to encode.
type Figure struct {
	// Name is the file stem the chart is saved under (plots/NAME.svg).
	Name string
	// Title is the chart's title, also used as the image's alt text.
	Title string
	p     *gplot.Plot
	w, h  vg.Length
}

func newFigure(name, title, xLabel, yLabel string) *Figure {
	p := gplot.New()
	p.Title.Text = title
	p.X.Label.Text = xLabel
	p.Y.Label.Text = yLabel
	return &Figure{Name: name, Title: title, p: p, w: 7 * vg.Inch, h: 4.5 * vg.Inch}
}

// withGrid adds grid lines behind what is drawn next.
func (f *Figure) withGrid() *Figure {
	f.p.Add(plotter.NewGrid())
	return f
}

// SVG encodes the figure as SVG.
func (f *Figure) SVG() ([]byte, error) {
	c := vgsvg.New(f.w, f.h)
	f.p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("plot %s: svg: %w", f.Name, err)
	}
	return buf.Bytes(), nil
}

// PNG encodes the figure as PNG.
func (f *Figure) PNG() ([]byte, error) {
	c := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(f.w, f.h), vgimg.UseDPI(pngDPI))}
	f.p.Draw(draw.New(c))
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

// LegendTopRight moves the legend to the top right corner, clear of curves
// that start high on the left (losses).
func (f *Figure) LegendTopRight() *Figure {
	f.p.Legend.Top, f.p.Legend.Left = true, false
	return f
}
