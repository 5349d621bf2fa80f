package answer

import (
	"math"
	"math/cmplx"
)

// env binds variable names to values; nil means "no variables allowed".
type env map[string]complex128

// eval computes n in the complex plane, so sqrt(-1) and i work; ok is false for
// unbound variables, unknown functions and when w runs out.
func (n *node) eval(e env, w *work) (complex128, bool) {
	if !w.spend(1) {
		return 0, false
	}
	switch n.op {
	case 'n':
		return complex(n.num, 0), true
	case 'v':
		if n.name == "i" {
			if v, ok := e["i"]; ok {
				return v, true
			}
			return 1i, true
		}
		v, ok := e[n.name]
		return v, ok
	case '-':
		a, ok := n.kids[0].eval(e, w)
		return -a, ok
	case '!', 'd':
		a, ok := n.kids[0].eval(e, w)
		return factorial(a, n.op == 'd'), ok
	case 'f':
		return n.evalFunc(e, w)
	}
	a, ok1 := n.kids[0].eval(e, w)
	b, ok2 := n.kids[1].eval(e, w)
	if !ok1 || !ok2 {
		return 0, false
	}
	switch n.op {
	case '+':
		return a + b, true
	case '*':
		return a * b, true
	case '/':
		return a / b, true
	case '^':
		return power(a, b), true
	}
	return 0, false
}

// power keeps real results real: cube roots of negatives and integer powers.
func power(a, b complex128) complex128 {
	if imag(a) == 0 && imag(b) == 0 {
		x, y := real(a), real(b)
		if x >= 0 || y == math.Trunc(y) {
			return complex(math.Pow(x, y), 0)
		}
		if inv := 1 / y; inv == math.Trunc(inv) && int(inv)%2 == 1 {
			return complex(-math.Pow(-x, y), 0)
		}
	}
	if a == 0 {
		return 0
	}
	return cmplx.Pow(a, b)
}

func factorial(a complex128, double bool) complex128 {
	x := real(a)
	if imag(a) != 0 || x < 0 || x != math.Trunc(x) || x > 200 {
		return cmplx.NaN()
	}
	r, step := 1.0, 1.0
	if double {
		step = 2
	}
	for k := x; k > 1; k -= step {
		r *= k
	}
	return complex(r, 0)
}

func (n *node) evalFunc(e env, w *work) (complex128, bool) {
	a, ok := n.kids[0].eval(e, w)
	if !ok {
		return 0, false
	}
	switch n.name {
	case "binom":
		b, ok := n.kids[1].eval(e, w)
		return binom(real(a), real(b)), ok
	case "floor":
		return complex(math.Floor(real(a)+1e-9), 0), true
	case "ceil":
		return complex(math.Ceil(real(a)-1e-9), 0), true
	case "abs":
		return complex(cmplx.Abs(a), 0), true
	}
	f, ok := complexFuncs[n.name]
	if !ok {
		return 0, false
	}
	return f(a), true
}

var complexFuncs = map[string]func(complex128) complex128{
	"sin": cmplx.Sin, "cos": cmplx.Cos, "tan": cmplx.Tan,
	"sec": func(z complex128) complex128 { return 1 / cmplx.Cos(z) },
	"csc": func(z complex128) complex128 { return 1 / cmplx.Sin(z) },
	"cot": func(z complex128) complex128 { return 1 / cmplx.Tan(z) },
	"ln":  cmplx.Log, "log": cmplx.Log, "exp": cmplx.Exp,
	"asin": cmplx.Asin, "acos": cmplx.Acos, "atan": cmplx.Atan,
	"sinh": cmplx.Sinh, "cosh": cmplx.Cosh, "tanh": cmplx.Tanh,
	"sqrt": func(z complex128) complex128 { return power(z, 0.5) },
}

// binom is the binomial coefficient in floating point. For an integer n it uses
// min(k, n-k) factors; past maxBinomK factors the value cannot be computed this way
// (it would be above 2^1000 for integers) and is NaN, "cannot decide".
func binom(n, k float64) complex128 {
	if k < 0 || k > n || k != math.Trunc(k) {
		return 0
	}
	if n == math.Trunc(n) && n-k < k {
		k = n - k
	}
	if k > maxBinomK {
		return cmplx.NaN()
	}
	r := 1.0
	for i := 1.0; i <= k; i++ {
		r = r * (n - k + i) / i
	}
	return complex(math.Round(r), 0)
}

// vars collects the variable names of n into set.
func (n *node) vars(set map[string]bool) {
	if n.op == 'v' && n.name != "i" {
		set[n.name] = true
	}
	for _, k := range n.kids {
		k.vars(set)
	}
}
