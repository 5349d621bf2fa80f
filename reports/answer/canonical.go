package answer

import (
	"math"
	"strconv"
	"strings"
)

// Canonical returns a key under which equal simple answers group for voting:
// integers and rationals in lowest terms ("0.5", "\frac12" and "1/2" share "1/2"),
// other constant expressions as a 10-significant-digit decimal, anything else as its
// cleaned text without spaces.
func Canonical(s string) string {
	t := strings.TrimSpace(s)
	if isPlainNumber(t) && !strings.ContainsAny(t, ".+") && !(len(t) > 1 && t[0] == '0') && t != "-0" {
		return t
	}
	c := Clean(t)
	if r, ok := exactValue(c); ok {
		return r.RatString()
	}
	if n, err := parseExpr(c); err == nil {
		if v, ok := n.eval(nil); ok && imag(v) == 0 && !math.IsNaN(real(v)) {
			return "≈" + strconv.FormatFloat(real(v), 'g', 10, 64)
		}
	}
	return strings.ReplaceAll(c, " ", "")
}
