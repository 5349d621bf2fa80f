// Package budget replays cached generations as Kaggle runs to estimate what
// a submission would score under a time policy, and how likely it is to
// overrun the limit.
//
// It is opinionated in four ways. Attempts are timed by a model, not by the
// wall times they happened to record: a problem's attempts start together
// and share one GPU (each decodes at the throughput curve's per-sequence
// speed for the number still running), so early stopping saves time and
// fewer attempts finish sooner, and the curve is declared or fitted from
// the recorded tokens and times. Time is the competition's: the model load
// and every problem's overhead count, the allowance clamp(time_left −
// reserve × problems_left, low, high) plans for the limit less a margin,
// and a policy that risks overrunning never ranks above one that does not.
// A run is the private-set protocol: the same problems twice in
// independent orders, from disjoint recorded attempts when there are
// enough (the report says when there are not), a problem scoring 1 if both
// runs are right and 0.5 if one is. And everything is seeded: the same
// samples, grid and seed give byte-identical reports.
package budget
