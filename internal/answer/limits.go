package answer

// The grader reads model output, which is untrusted: a 25-byte answer such as
// \binom{10^{18}}{10^{10}} or a text of 100,000 unclosed boxes must cost no more than
// an ordinary one. Every step is therefore bounded by construction, by the limits
// below, and the exported notebook's Python applies the same limits so that both
// grade alike. An input past a limit is not an error: the grader answers "cannot
// decide", which is "no answer" for extraction and "not equal" for equivalence.
const (
	// MaxAnswerBytes is the longest answer extraction returns: a box whose content is
	// longer is skipped like one that never closes, a longer fallback match finds
	// nothing, and boxes joined into a set stop before their contents pass it. The
	// longest answer extracted from the reference generations is 1,482 bytes of a
	// runaway repeating decimal; no equivalence case is longer than 90.
	MaxAnswerBytes = 1024
	// MaxInputBytes is the longest text Equal, Integer, Range.Parse and Canonical read
	// as mathematics; longer inputs are compared as text (equal only when identical).
	MaxInputBytes = 4 * MaxAnswerBytes
	// MaxBoxes is how many box commands extraction examines, counted from the end of
	// the text, joined sets included.
	MaxBoxes = 16
	// FallbackWindow is how much of the end of a text the fallbacks read.
	FallbackWindow = 32 << 10
	// MaxBits bounds the numerator and the denominator of every exact number built
	// while evaluating an answer (about 9,900 decimal digits; 4046 · 4045!! needs
	// 21,300 bits). A larger value cannot be decided.
	MaxBits = 1 << 15
	// maxParseDepth bounds the parser's recursion: nested brackets, signs, exponents
	// and function calls.
	maxParseDepth = 64
	// maxExprDepth bounds the depth of an expression tree (1+1+...+1 with 100 terms
	// is the deepest sum).
	maxExprDepth = 100
	// maxBinomK bounds min(k, n-k) in an exact \binom{n}{k}; past it the value
	// (more than 2^1000) is not computed.
	maxBinomK = 1000
	// maxRootIndex bounds q in an exact root x^{p/q}.
	maxRootIndex = 64
	// exactBudget is the work one exact evaluation may do (Integer, Range.Parse,
	// Canonical), in the units of work below: a few milliseconds at most, in Go and
	// in the notebook's Python. 4046 · 4045!! costs about 5,400 and 5910!! about 11,300.
	exactBudget = 20_000
	// equalBudget is the work one Equal may do: structure, evaluation at the sample
	// points and exact arithmetic together.
	equalBudget = 50_000
)

// work counts what one call may still do. Each expression node visited and each
// comparison of two answer parts costs one unit; an operation on exact numbers costs
// 1 + W*W/128, where W is the size in 64-bit words of the numbers it reads or
// makes (multiplying two 2^15-bit integers costs 8,193). When the units run out
// every later step fails, so the call answers "cannot decide". Counting work instead of reading a clock keeps grades
// reproducible: the same answers get the same verdict on any machine.
type work struct{ left int }

func newWork(units int) *work { return &work{left: units} }

// spend takes n units and reports whether the budget still holds.
func (w *work) spend(n int) bool {
	w.left -= n
	return w.left >= 0
}

// out reports whether the budget has run out.
func (w *work) out() bool { return w.left < 0 }

// bigCost is the price of an operation whose largest number has the given bits.
func bigCost(bits int) int {
	words := (bits + 63) / 64
	return 1 + words*words/128
}

// nestedTooDeep reports whether brackets in s nest past maxParseDepth.
func nestedTooDeep(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{':
			if depth++; depth > maxParseDepth {
				return true
			}
		case ')', ']', '}':
			depth--
		}
	}
	return false
}
