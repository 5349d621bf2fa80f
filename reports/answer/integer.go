package answer

import (
	"math"
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

// exactValue evaluates s as a rational number without rounding.
func exactValue(s string) (*big.Rat, bool) {
	s = strings.TrimSpace(s)
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
		return new(big.Rat).SetString(s)
	}
	n, err := parseExpr(s)
	if err != nil {
		return nil, false
	}
	return n.exact()
}

const maxExactFactorial = 20000

// exact evaluates n over the rationals; floor and ceil fall back to floating point
// when the value is not near an integer boundary.
func (n *node) exact() (*big.Rat, bool) {
	switch n.op {
	case 'n':
		if n.lit == "" {
			return nil, false
		}
		return new(big.Rat).SetString(n.lit)
	case '-':
		a, ok := n.kids[0].exact()
		if !ok {
			return nil, false
		}
		return a.Neg(a), true
	case '!', 'd':
		return n.exactFactorial()
	case 'f':
		return n.exactFunc()
	case 'v':
		return nil, false
	}
	return n.exactBinary()
}

func (n *node) exactBinary() (*big.Rat, bool) {
	a, ok1 := n.kids[0].exact()
	if n.op == '^' {
		return n.exactPower(a, ok1)
	}
	b, ok2 := n.kids[1].exact()
	if !ok1 || !ok2 {
		return nil, false
	}
	switch n.op {
	case '+':
		return a.Add(a, b), true
	case '*':
		return a.Mul(a, b), true
	case '/':
		if b.Sign() == 0 {
			return nil, false
		}
		return a.Quo(a, b), true
	}
	return nil, false
}

// exactPower handles integer exponents and roots of perfect powers (\sqrt{16}).
func (n *node) exactPower(a *big.Rat, ok bool) (*big.Rat, bool) {
	if !ok {
		return nil, false
	}
	e, ok := n.kids[1].exact()
	if !ok {
		return nil, false
	}
	if e.IsInt() && e.Num().IsInt64() && abs64(e.Num().Int64()) <= 4096 {
		k := e.Num().Int64()
		num := new(big.Int).Exp(a.Num(), big.NewInt(abs64(k)), nil)
		den := new(big.Int).Exp(a.Denom(), big.NewInt(abs64(k)), nil)
		if k < 0 {
			if num.Sign() == 0 {
				return nil, false
			}
			num, den = den, num
		}
		return new(big.Rat).SetFrac(num, den), true
	}
	f, _ := a.Float64()
	g, _ := e.Float64()
	v := math.Pow(f, g)
	if r := math.Round(v); math.Abs(v-r) < 1e-9*math.Max(1, math.Abs(v)) && !math.IsNaN(v) {
		return new(big.Rat).SetFloat64(r), true
	}
	return nil, false
}

func (n *node) exactFactorial() (*big.Rat, bool) {
	a, ok := n.kids[0].exact()
	if !ok || !a.IsInt() || a.Sign() < 0 || a.Num().Int64() > maxExactFactorial {
		return nil, false
	}
	step := int64(1)
	if n.op == 'd' {
		step = 2
	}
	r := big.NewInt(1)
	for k := a.Num().Int64(); k > 1; k -= step {
		r.Mul(r, big.NewInt(k))
	}
	return new(big.Rat).SetInt(r), true
}

func (n *node) exactFunc() (*big.Rat, bool) {
	v, ok := n.eval(nil)
	if !ok || imag(v) != 0 || math.IsNaN(real(v)) || math.IsInf(real(v), 0) {
		return nil, false
	}
	switch n.name {
	case "floor", "ceil", "binom", "abs":
		return new(big.Rat).SetFloat64(math.Round(real(v))), true
	}
	return nil, false
}

func abs64(k int64) int64 {
	if k < 0 {
		return -k
	}
	return k
}
