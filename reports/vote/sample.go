package vote

// Sample is one generation's contribution to a vote.
type Sample struct {
	// Index is the sample's position in generation order; early stopping and
	// tie-breaking follow the order of the slice, which callers keep equal to it.
	Index int
	// Answer is the extracted answer as written; Key is its canonical form from
	// the grader. Votes are grouped by Key; Answer is reported for display.
	Answer string
	Key    string
	// Valid is false when no answer could be extracted. A sample with an empty
	// Key is treated as invalid too.
	Valid bool
	// Entropy is the mean per-token entropy of the generation in nats, when the
	// backend returned logprobs.
	Entropy *float64
	// Score is a reward-model score, when one was computed.
	Score *float64
	// Confidence is the caller's per-sample confidence (see the *Confidence
	// signal functions), used by the confidence_* methods.
	Confidence float64
	// Text is the full generation, for text-based confidence signals.
	Text string
}

// Options adjusts a vote.
type Options struct {
	// EarlyStop, when positive, reads samples in order and stops as soon as
	// EarlyStop valid samples share a Key, as a Kaggle notebook that stops
	// generating once m answers agree would. The method then votes over the
	// samples read so far, and Result.Used says how many that was.
	EarlyStop int
}

// Result is the outcome of a vote on one problem.
type Result struct {
	// Key and Answer are the winner's canonical key and the answer text of its
	// first sample. Both are empty when no sample was valid (see NoAnswer).
	Key, Answer string
	// Votes is the winner's score under the method: its sample count for
	// majority, unanimous and numeric_average, its summed weight for the
	// *_weighted methods, its maximum or median confidence for max_confidence
	// and median_confidence.
	Votes float64
	// Share is the fraction of valid samples among those used whose Key is the
	// winner's, whatever the method.
	Share float64
	// Used is how many samples were read (less than len(samples) only with
	// early stopping).
	Used int
	// Unanimous is true when every valid sample used gave the same Key.
	Unanimous bool
	// Tie is true when another Key had exactly the winner's score and the tie
	// rule decided.
	Tie bool
}

// NoAnswer reports whether the vote produced no answer (no valid sample).
func (r Result) NoAnswer() bool { return r.Key == "" }
