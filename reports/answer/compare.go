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

// scalarEqual compares two expressions by value. A side written as a decimal with
// two or more places matches any value that rounds to it (0.33 for 1/3).
func scalarEqual(a, b *ans) bool {
	for _, e := range samplePoints(a.expr, b.expr) {
		x, ok1 := a.expr.eval(e)
		y, ok2 := b.expr.eval(e)
		if !ok1 || !ok2 || isBad(x) || isBad(y) {
			return false
		}
		if !valuesMatch(x, y, a, b) {
			return false
		}
	}
	return true
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
