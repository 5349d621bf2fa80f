package plot

import (
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
)

// sans is the font of every chart (see the package comment).
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// sansText returns sty in the charts' font, keeping its size and alignment.
func sansText(sty text.Style) text.Style {
	sty.Font.Typeface, sty.Font.Variant = sans.Typeface, sans.Variant
	return sty
}

// styleSans sets every text style a plot owns to the charts' font. It is
// applied to each plot, so gonum/plot's package-wide defaults stay as other
// users of the library left them.
func styleSans(p *gplot.Plot) {
	p.Title.TextStyle = sansText(p.Title.TextStyle)
	p.Legend.TextStyle = sansText(p.Legend.TextStyle)
	for _, a := range []*gplot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle = sansText(a.Label.TextStyle)
		a.Tick.Label = sansText(a.Tick.Label)
	}
}

// ellipsis marks where fit cut a label.
const ellipsis = "…"

// fit returns s when it is at most width wide in sty, and otherwise s with
// its middle replaced by an ellipsis: labels here are cell and setting names,
// whose start (the model) and end (the setting) both matter.
func fit(sty text.Style, s string, width vg.Length) string {
	if s == "" || sty.Width(s) <= width {
		return s
	}
	r := []rune(s)
	for keep := len(r) - 1; keep > 0; keep-- {
		head := (keep + 1) / 2
		cut := string(r[:head]) + ellipsis + string(r[len(r)-(keep-head):])
		if sty.Width(cut) <= width {
			return cut
		}
	}
	return ellipsis
}

// fitAll fits each label to width and returns the widest result's width.
func fitAll(sty text.Style, labels []string, width vg.Length) ([]string, vg.Length) {
	out := make([]string, len(labels))
	var widest vg.Length
	for i, l := range labels {
		out[i] = fit(sty, l, width)
		widest = max(widest, sty.Width(out[i]))
	}
	return out, widest
}
