// Package vote turns the k cached samples of one problem into one answer, and
// k-curves (pass@k, maj@k) out of a pool of n samples.
//
// It is opinionated about three things. Grouping is by Sample.Key, the
// grader's canonical form, never by the raw answer string, so "1/2" and "0.5"
// vote together when the grader says they are equal. Invalid samples (no answer
// extracted) abstain: they never win, and a problem where every sample is
// invalid gets "no answer" rather than an empty string that happens to match.
// And every outcome is deterministic: ties are broken by a fixed rule (see
// Vote), and maj@k curves are exact averages over all k-subsets, counted in
// polynomial time rather than sampled (see MajCurve).
//
// The method names accepted by Vote are the values of the voting.method axis of
// the experiment language; Methods lists them.
package vote
