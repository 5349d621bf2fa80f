package answer

import (
	"math"
	"strconv"
	"strings"
)

// Canonical returns a key under which equal simple answers group for voting:
// integers and rationals in lowest terms ("0.5", "\frac12" and "1/2" share "1/2"),
// other constant expressions as a 10-significant-digit decimal, anything else as its
// cleaned text without spaces. A value that cannot be decided (too large for exact
// arithmetic and infinite in floating point) keys as its text, so 2^{5000}\pi and
// 3^{5000}\pi do not share a key.
func Canonical(s string) string {
	t := strings.TrimSpace(s)
	if len(t) > MaxInputBytes {
		return strings.ReplaceAll(t, " ", "")
	}
	if isPlainNumber(t) && !strings.ContainsAny(t, ".+") && !(len(t) > 1 && t[0] == '0') && t != "-0" {
		return t
	}
	c := Clean(t)
	if r, ok := exactValue(c); ok {
		return r.RatString()
	}
	if n, err := parseExpr(c); err == nil {
		if v, ok := n.eval(nil, newWork(exactBudget)); ok && imag(v) == 0 && !math.IsNaN(real(v)) && !overflowed(v, n) {
			return "≈" + strconv.FormatFloat(real(v), 'g', 10, 64)
		}
	}
	return strings.ReplaceAll(c, " ", "")
}
