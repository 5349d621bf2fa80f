// Package budget replays cached generations as a Kaggle run to estimate
// what a submission would score under a time policy.
//
// It is opinionated in four ways. Attempts of a problem run in parallel, so a
// problem costs the time until its stopping rule fires (the m-th agreeing
// answer's recorded finish time), else its slowest attempt, never more than
// its allowance: attempts still running when the allowance ends are lost.
// The allowance is the policy of the strong public notebooks,
// clamp(time_left − reserve × problems_left, low, high), and never more than
// the time left. A run is the private-set protocol: the same problems run
// twice in independent orders with independent attempts, a problem scoring 1
// if both runs are right and 0.5 if one is. And everything is seeded: the
// same samples, grid and seed give byte-identical reports.
package budget
