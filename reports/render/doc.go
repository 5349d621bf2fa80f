// Package render turns a sweep's evaluated results and its cached samples
// into the report a user reads and CI keeps: Markdown for a pull-request
// comment, one self-contained HTML page, a versioned results.json, best.json,
// and the charts of package plot.
//
// It is opinionated in four ways. Everything is computed once into a
// Document and every format is written from it, so the formats never
// disagree. Nothing calls a backend: costs, calibration and the per-problem
// drill-down come from the cached completions. Output is byte-identical for
// the same cache, so a report can be committed and diffed. And files are
// rendered in memory first and then each renamed into place, so a failure
// never leaves a half-written report.
package render
