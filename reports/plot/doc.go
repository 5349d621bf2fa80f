// Package plot draws a report's charts with gonum/plot and encodes each as
// SVG and PNG.
//
// It is opinionated in three ways. Charts take plain labels and numbers and
// know nothing of experiments, so the renderer decides what is worth drawing.
// Every chart uses Liberation Sans, set before any plot is made: gonum/plot's
// default is Liberation Serif, and an SVG names its font without embedding
// it, so the sans variant is what a browser without Liberation fonts falls
// back to gracefully. And output is byte-stable: the same data gives the same
// bytes, so plots can be golden-tested and reports diffed.
package plot
