// Package plot draws a report's charts with gonum/plot and encodes each as
// SVG and PNG.
//
// It is opinionated in four ways. Charts take plain labels and numbers and
// know nothing of experiments, so the renderer decides what is worth drawing.
// Every text of every chart is styled Liberation Sans, plot by plot (gonum's
// package-wide default font is left alone): gonum/plot's default is
// Liberation Serif, and an SVG names its font without embedding it, so the
// sans variant is what a browser without Liberation fonts falls back to
// gracefully. Everything fits: legends sit in a strip under the chart, never
// over data; accuracy axes stop at 1 (a little headroom, no tick above 1);
// labels too long for the image are shortened in the middle with an
// ellipsis, and figures widen with their labels up to a bound. And output is
// byte-stable: the same data gives the same bytes, so plots can be
// golden-tested and reports diffed.
package plot
