// Package eval turns a sweep's cached samples into results: every sample
// graded once, a voting grid per cell and evaluated set, ensembles, k-curves,
// agreement, paired comparisons with the best setting, and an honest
// selection. It never calls a backend.
//
// It is opinionated in four ways. Grading happens once per distinct text and
// once per distinct answer of a problem, and answers the grader calls equal
// vote together (all answers equal to the gold share one key). Intervals of
// 0/1 accuracies come from binomial draws, which have exactly the
// distribution of resampling problems with replacement but cost two numbers
// per resample instead of one per problem, so a grid of thousands of entries
// gets its bootstrap in well under a second. Seeds are derived from names, not
// positions, so adding a cell never moves another cell's interval. And caveats
// are data: small sets, few discordant pairs, ties and missing samples become
// numbered footnotes, benchstat-style, rather than errors or silence.
package eval
