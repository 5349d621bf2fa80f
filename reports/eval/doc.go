// Package eval turns a sweep's cached samples into results: every sample
// graded once, a voting grid per cell and evaluated set, ensembles, k-curves,
// agreement, paired comparisons with the best setting, and an honest
// selection. It never calls a backend.
//
// It is opinionated in five ways. Grading happens once per distinct text and
// once per distinct answer of a problem, and answers the grader calls equal
// vote together (all answers equal to the gold share one key). Nothing is
// sampled: maj@k is counted exactly over every k-subset, and bootstrap
// intervals and p-values of 0/1 accuracies are computed as the limit of
// infinitely many resamples, so a grid of thousands of entries needs no seed
// and shows no Monte Carlo noise. The intervals shown have checked coverage
// at AIMO sizes (10–50 problems, accuracy up to 0.97): continuity-corrected
// Wilson for problem-level accuracy, a cluster-aware Wilson interval for the
// accuracy of one sample. "Worse than the best" is tested against every pair
// of entries (Holm over all pairs), because the best is chosen by the data.
// And caveats are data: small sets, few discordant pairs, ties, the order
// early stopping read and missing samples become numbered footnotes,
// benchstat-style, rather than errors or silence.
package eval
