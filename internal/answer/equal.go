package answer

import (
	"math"
	"strconv"
	"strings"
)

// Equal reports whether pred is equivalent to gold under MATH-style rules: equal
// after clean-up, or equal in value (numbers, fractions, radicals, percentages,
// expressions sampled at fixed points), or equal in structure (tuples in order,
// sets and lists of tuples in any order, intervals with matching brackets, matrices,
// equations up to a constant factor).
//
// Integers and fractions are compared exactly, however large, within MaxBits; a
// value that cannot be decided (too large, too deep, too much work: see
// limits.go) is not equal to anything but its own text.
func Equal(gold, pred string) bool {
	if len(gold) > MaxInputBytes || len(pred) > MaxInputBytes {
		return strings.TrimSpace(gold) == strings.TrimSpace(pred) && strings.TrimSpace(gold) != ""
	}
	// An answer is equal to itself, whatever cleaning makes of it: one pass
	// of Clean can leave what a second removes (an extracted `\` from
	// `\$\\`, which cleans again to nothing).
	if gold == pred {
		return strings.TrimSpace(gold) != ""
	}
	g, p := Clean(gold), Clean(pred)
	if g == p {
		return g != ""
	}
	if isPlainNumber(g) && isPlainNumber(p) {
		return plainEqual(g, p)
	}
	if g == "" || p == "" || nestedTooDeep(g) || nestedTooDeep(p) {
		return false
	}
	return parseAnswer(g).equal(parseAnswer(p), newWork(equalBudget))
}

// hasText reports whether any part of a is words rather than mathematics.
func (a *ans) hasText() bool {
	if a.kind == kText {
		return true
	}
	for _, it := range a.items {
		if it.hasText() {
			return true
		}
	}
	return false
}

// single unwraps one-element lists and sets.
func (a *ans) single() *ans {
	for (a.kind == kList || a.kind == kSet) && len(a.items) == 1 {
		a = a.items[0]
	}
	return a
}

func (a *ans) equal(b *ans, w *work) bool {
	if !w.spend(1) {
		return false
	}
	a, b = a.single(), b.single()
	if a.kind > b.kind {
		a, b = b, a
	}
	switch {
	case a.kind == kScalar && b.kind == kScalar:
		if a.label != "" && b.label != "" && a.label != b.label {
			return false
		}
		return scalarEqual(a, b, w)
	case a.kind == kScalar && b.kind == kText, a.kind == kText && b.kind == kText:
		return textKey(a.src) == textKey(b.src)
	case a.kind == kScalar && b.kind == kList:
		return decimalComma(a, b)
	case a.kind == kSeq && b.kind == kSeq:
		return a.open == b.open && a.close == b.close && ordered(a.items, b.items, w)
	case a.kind == kSeq && b.kind == kSet:
		return ordered(a.items, b.items, w)
	case a.kind == kSeq && b.kind == kList:
		return false
	case a.kind == kSeq && b.kind == kRel:
		r := relInterval(b)
		return r != nil && a.equal(r, w)
	case a.kind == kSet && (b.kind == kSet || b.kind == kList):
		return unordered(a.items, b.items, w)
	case a.kind == kList && b.kind == kList:
		if labelled(a.items) && labelled(b.items) {
			return unordered(a.items, b.items, w)
		}
		if allScalar(a.items) && allScalar(b.items) {
			return ordered(a.items, b.items, w)
		}
		return unordered(a.items, b.items, w)
	case a.kind == kUnion && b.kind == kUnion:
		return ordered(a.items, b.items, w)
	case a.kind == kMatrix && b.kind == kMatrix:
		return a.rows == b.rows && a.cols == b.cols && ordered(a.items, b.items, w)
	case a.kind == kSeq && b.kind == kMatrix, a.kind == kList && b.kind == kMatrix:
		return (b.rows == 1 || b.cols == 1) && ordered(a.items, b.items, w)
	case a.kind == kRel && b.kind == kRel:
		return relEqual(a, b, w)
	case a.asRel != nil && b.kind == kRel:
		return relEqual(a.asRel, b, w)
	}
	return false
}

// labelled reports whether every item was written as label = value (a_3 = 2).
func labelled(items []*ans) bool {
	for _, it := range items {
		if it.label == "" {
			return false
		}
	}
	return true
}

func allScalar(items []*ans) bool {
	for _, it := range items {
		if it.kind != kScalar {
			return false
		}
	}
	return true
}

func ordered(a, b []*ans, w *work) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !a[i].equal(b[i], w) {
			return false
		}
	}
	return true
}

// unordered compares as sets: every item of each side has an equal item on the
// other, so a repeated solution does not make an answer wrong.
func unordered(a, b []*ans, w *work) bool {
	return covers(a, b, w) && covers(b, a, w)
}

func covers(a, b []*ans, w *work) bool {
	for _, x := range a {
		found := false
		for _, y := range b {
			if x.equal(y, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// decimalComma accepts "1,22" for 1.22: a two-integer list written without a space
// against a decimal.
func decimalComma(a, b *ans) bool {
	if len(b.items) != 2 || strings.Contains(b.src, " ") || !strings.Contains(a.src, ".") {
		return false
	}
	x, err1 := strconv.ParseFloat(a.src, 64)
	y, err2 := strconv.ParseFloat(strings.Replace(b.src, ",", ".", 1), 64)
	return err1 == nil && err2 == nil && x == y && !math.IsInf(x, 0)
}
