package answer

import (
	"hash/fnv"
	"math"
	"math/cmplx"
	"strings"
)

// relTol is the relative tolerance for comparing values that are not written as
// decimals: it absorbs floating-point error in evaluating radicals, π and fractions.
const relTol = 1e-6

func isBad(z complex128) bool { return cmplx.IsNaN(z) }

func closeTo(x, y complex128) bool {
	if cmplx.IsInf(x) || cmplx.IsInf(y) {
		return x == y
	}
	d := cmplx.Abs(x - y)
	return d <= relTol*math.Max(1, math.Max(cmplx.Abs(x), cmplx.Abs(y)))
}

// samplePoints returns the variable bindings at which expressions are compared:
// three fixed points, each variable's value depending on its name so that f(x)
// and f(y) differ. With no variables there is one empty binding.
func samplePoints(ns ...*node) []env {
	set := map[string]bool{}
	for _, n := range ns {
		n.vars(set)
	}
	if len(set) == 0 {
		return []env{nil}
	}
	points := make([]env, 3)
	for t := range points {
		points[t] = env{}
		for name := range set {
			h := fnv.New32a()
			h.Write([]byte(name))
			frac := float64(h.Sum32()%1000) / 1000
			points[t][name] = complex(0.31+0.53*float64(t)+0.9*frac, 0)
		}
	}
	return points
}

// decimals returns how many digits follow the point when n is a decimal literal
// (possibly negated), else -1.
func decimals(n *node) int {
	if n == nil {
		return -1
	}
	if n.op == '-' {
		return decimals(n.kids[0])
	}
	if n.op != 'n' {
		return -1
	}
	if i := strings.IndexByte(n.lit, '.'); i >= 0 {
		return len(n.lit) - i - 1
	}
	return -1
}

// scalarEqual compares two expressions by value. Two constants written without a
// decimal point or a percent sign are compared exactly when both can be (integers,
// fractions, powers, factorials, binomials): 10^{400} is not 10^{500}. Otherwise
// the values are compared in floating point; a side written as a decimal with two or
// more places matches any value that rounds to it (0.33 for 1/3). A value that
// overflows floating point cannot be decided and is not equal.
func scalarEqual(a, b *ans, w *work) bool {
	points := samplePoints(a.expr, b.expr)
	if len(points[0]) == 0 && !a.percent && !b.percent && !hasDecimal(a.expr) && !hasDecimal(b.expr) {
		x, ok1 := a.expr.exact(w)
		y, ok2 := b.expr.exact(w)
		if ok1 && ok2 {
			return x.Cmp(y) == 0
		}
	}
	for _, e := range points {
		x, ok1 := a.expr.eval(e, w)
		y, ok2 := b.expr.eval(e, w)
		if !ok1 || !ok2 || isBad(x) || isBad(y) || overflowed(x, a.expr) || overflowed(y, b.expr) {
			return false
		}
		if !valuesMatch(x, y, a, b) {
			return false
		}
	}
	return true
}

// overflowed reports whether x is infinite without n being written with \infty.
func overflowed(x complex128, n *node) bool {
	return cmplx.IsInf(x) && !n.has(func(m *node) bool { return m.op == 'n' && m.lit == "" && math.IsInf(m.num, 0) })
}

func hasDecimal(n *node) bool {
	return n.has(func(m *node) bool { return m.op == 'n' && strings.Contains(m.lit, ".") })
}

// has reports whether any node of n satisfies f.
func (n *node) has(f func(*node) bool) bool {
	if f(n) {
		return true
	}
	for _, k := range n.kids {
		if k.has(f) {
			return true
		}
	}
	return false
}

func valuesMatch(x, y complex128, a, b *ans) bool {
	if numbersMatch(x, y, decimals(a.expr), decimals(b.expr)) {
		return true
	}
	if a.percent && numbersMatch(x/100, y, -1, decimals(b.expr)) {
		return true
	}
	return b.percent && numbersMatch(x, y/100, decimals(a.expr), -1)
}

func numbersMatch(x, y complex128, da, db int) bool {
	if closeTo(x, y) {
		return true
	}
	d := max(da, db)
	if d < 2 || da == db || imag(x) != 0 || imag(y) != 0 {
		return false
	}
	return math.Abs(real(x)-real(y))*math.Pow10(d) <= 0.5+1e-9
}
