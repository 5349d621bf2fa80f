// Package eval turns a sweep's cached samples into results: every sample
// graded once, a voting grid per cell and evaluated set, ensembles, k-curves,
// agreement, paired comparisons with the best setting, and an honest
// selection. It never calls a backend.
//
// It is opinionated in four ways. Grading happens once per distinct text and
// once per distinct answer of a problem, and answers the grader calls equal
// vote together (all answers equal to the gold share one key). Bootstrap
// intervals and paired bootstrap p-values of 0/1 accuracies are computed
// exactly: resampling problems with replacement is a binomial (paired: a
// multinomial) draw, so the limit of infinitely many resamples costs one pass
// over a binomial's mass and a grid of thousands of entries needs no seed and
// shows no Monte Carlo noise. The one sampled quantity, maj@k of pools over 16
// samples, takes a seed derived from the pool's names, not its position. And caveats
// are data: small sets, few discordant pairs, ties and missing samples become
// numbered footnotes, benchstat-style, rather than errors or silence.
package eval
