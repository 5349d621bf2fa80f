package answer

import (
	"math/big"
	"strconv"
	"strings"
)

// Integer normalises an answer to an exact integer: "1,000" is 1000, "3.0" is 3,
// "\frac{10}{5}" is 2; "\frac32" and "1.5" are not integers. Arithmetic on integer
// literals is evaluated exactly.
func Integer(s string) (int64, bool) {
	r, ok := exactValue(s)
	if !ok || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

// Range says which integers a competition accepts: AIMO3 takes 0-99999 as written,
// AIMO1/2 take the answer modulo 1000.
type Range struct {
	Lo, Hi  int64
	Modulus int64 // 0: no reduction
}

// Apply reduces n by the modulus (to a non-negative residue) and checks the bounds.
func (r Range) Apply(n int64) (int64, bool) {
	if r.Modulus > 0 {
		n = ((n % r.Modulus) + r.Modulus) % r.Modulus
	}
	return n, n >= r.Lo && n <= r.Hi
}

// Parse normalises s to an integer and applies the range. With a modulus, integers
// too large for int64 (4046 \cdot 4045!!) are reduced exactly.
func (r Range) Parse(s string) (int64, bool) {
	v, ok := exactValue(s)
	if !ok || !v.IsInt() {
		return 0, false
	}
	n := v.Num()
	if r.Modulus > 0 {
		n = new(big.Int).Mod(n, big.NewInt(r.Modulus))
	}
	if !n.IsInt64() {
		return 0, false
	}
	return r.Apply(n.Int64())
}

// exactValue evaluates s as a rational number without rounding, within the limits
// in limits.go: false when s is not a constant expression or cannot be decided.
func exactValue(s string) (*big.Rat, bool) {
	s = strings.TrimSpace(s)
	if len(s) > MaxInputBytes {
		return nil, false
	}
	if isPlainNumber(s) {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return new(big.Rat).SetInt64(n), true
		}
	}
	s = Clean(s)
	if s == "" {
		return nil, false
	}
	if isPlainNumber(s) {
		r, ok := new(big.Rat).SetString(s)
		return r, ok && fits(r)
	}
	n, err := parseExpr(s)
	if err != nil {
		return nil, false
	}
	return n.exact(newWork(exactBudget))
}
