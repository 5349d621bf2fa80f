// Package answer extracts final answers from model output and decides whether two
// answers are the same, the way MATH-style graders do.
//
// It is opinionated in three ways. The last \boxed{} wins, because reasoning models
// box drafts before the final answer; declared fallbacks only run when there is no
// box. Equivalence is numeric first: integers, fractions, radicals and π are compared
// by value at a documented tolerance, and one-variable (or several-variable)
// expressions are compared by evaluating both sides at fixed points instead of by
// symbolic algebra. Bare comma lists keep their order (the hendrycks/MATH convention),
// while sets, lists of tuples and lists of equations are compared unordered.
//
// It is a leaf package: it imports nothing of aimo, so the language (which
// validates fallback names against Fallbacks), datasets (which read and check
// gold answers) and the reports (which grade) all share one grader without
// importing one another (see internal/layers for the rule).
package answer

import "strings"

// Fallback names, declared as strings so experiments written in Jsonnet can list them.
const (
	FallbackFinalAnswer = "final_answer" // "the final answer is X", "answer is X"
	FallbackGSM8K       = "gsm8k"        // "#### n"
	FallbackAnswerColon = "answer_colon" // "A: n", "Answer: n"
	FallbackLastMath    = "last_math"    // the last $...$, \(...\), \[...\] span or number, whichever is later
	FallbackLastNumber  = "last_number"  // the last number in the text
	// FallbackProgramOutput is the last ```output block of a tool-integrated run.
	FallbackProgramOutput = "program_output"
)

// Fallbacks is the one list of fallback names: the experiment language
// accepts exactly these in grading.fallbacks (lang.FallbackNames is this list).
var Fallbacks = []string{FallbackFinalAnswer, FallbackGSM8K, FallbackAnswerColon, FallbackLastNumber, FallbackLastMath, FallbackProgramOutput}

// DefaultFallbacks is the order used when Options.Fallbacks is nil.
var DefaultFallbacks = Fallbacks[:4]

// Options configures extraction and grading.
type Options struct {
	// Fallbacks lists the extractors tried, in order, when the text has no \boxed{}.
	// Nil means DefaultFallbacks; an empty non-nil slice means boxed answers only.
	Fallbacks []string
}

func (o Options) fallbacks() []string {
	if o.Fallbacks == nil {
		return DefaultFallbacks
	}
	return o.Fallbacks
}

// Result is the outcome of grading one prediction against one gold answer.
type Result struct {
	Extracted      string // the answer taken from the prediction ("" when none)
	HasAnswer      bool   // whether an answer could be extracted at all
	GoldNormalized string // the gold answer after extraction and clean-up
	Equal          bool   // whether the extracted answer is equivalent to the gold
}

// Grade extracts the answer from prediction (a bare answer or a full model output)
// and compares it with gold. A gold that holds a \boxed{} (a MATH solution) is reduced
// to its last box first.
func Grade(gold, prediction string, opts Options) Result {
	g := goldAnswer(gold, opts)
	var r Result
	r.GoldNormalized = Clean(g)
	if isFullText(prediction) {
		r.Extracted, r.HasAnswer = Extract(prediction, opts)
	} else {
		r.Extracted = Clean(prediction)
		r.HasAnswer = r.Extracted != ""
		if r.HasAnswer && strings.ContainsAny(r.Extracted, "0123456789") && strings.Contains(r.Extracted, " ") && parseAnswer(r.Extracted).hasText() {
			r.Extracted, r.HasAnswer = Extract(prediction, opts)
		}
	}
	r.Equal = r.HasAnswer && Equal(g, r.Extracted)
	return r
}

// goldAnswer reduces a gold that is a worked solution to its answer.
func goldAnswer(gold string, opts Options) string {
	if !isFullText(gold) {
		return gold
	}
	if a, ok := Extract(gold, opts); ok {
		return a
	}
	return gold
}
