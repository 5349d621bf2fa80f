// Package stats computes the statistics aimo prints next to every accuracy: Wilson
// intervals (plain, continuity-corrected, and cluster-aware for samples nested in
// problems), exact McNemar tests, Holm correction, seeded bootstraps and unbiased
// pass@k and G-Pass@k estimators.
//
// It is opinionated in two ways. First, results are byte-reproducible: every
// resampling routine takes an explicit seed and uses math/rand/v2's PCG, so a
// report regenerated from the same cache prints the same digits. Second, caveats
// are data, not failures (as in benchstat): functions such as WilsonWarnings and
// McNemarWarnings return Warnings that reports print as footnotes, instead of
// refusing to compute or silently printing a number that cannot mean much.
package stats
