package answer

import (
	"math"
	"math/big"
)

// Factorials up to these arguments fit in MaxBits (3210! has 32,768 bits).
const (
	maxFactorialArg       = 3210
	maxDoubleFactorialArg = 5910
)

// maxExactFloat is the largest magnitude at which every integer is a float64, so a
// rounded floating-point value can stand for an exact one.
const maxExactFloat = 1 << 53

// ratBits is the size of r: the bits of its numerator and its denominator.
func ratBits(r *big.Rat) int { return r.Num().BitLen() + r.Denom().BitLen() }

// fits reports whether r is within MaxBits.
func fits(r *big.Rat) bool { return r.Num().BitLen() <= MaxBits && r.Denom().BitLen() <= MaxBits }

// exact evaluates n over the rationals within w. Every number it builds fits in
// MaxBits; a larger one, or running out of work, means "cannot decide".
func (n *node) exact(w *work) (*big.Rat, bool) {
	if !w.spend(1) {
		return nil, false
	}
	switch n.op {
	case 'n':
		if n.lit == "" {
			return nil, false
		}
		r, ok := new(big.Rat).SetString(n.lit)
		return r, ok && fits(r)
	case '-':
		a, ok := n.kids[0].exact(w)
		if !ok {
			return nil, false
		}
		return a.Neg(a), true
	case '!', 'd':
		return n.exactFactorial(w)
	case 'f':
		return n.exactFunc(w)
	case 'v':
		return nil, false
	}
	return n.exactBinary(w)
}

func (n *node) exactBinary(w *work) (*big.Rat, bool) {
	a, ok1 := n.kids[0].exact(w)
	if n.op == '^' {
		if !ok1 {
			return nil, false
		}
		return n.exactPower(a, w)
	}
	b, ok2 := n.kids[1].exact(w)
	if !ok1 || !ok2 || !w.spend(bigCost(ratBits(a)+ratBits(b))) {
		return nil, false
	}
	switch n.op {
	case '+':
		a.Add(a, b)
	case '*':
		a.Mul(a, b)
	case '/':
		if b.Sign() == 0 {
			return nil, false
		}
		a.Quo(a, b)
	default:
		return nil, false
	}
	return a, fits(a)
}

// exactPower handles integer exponents and exact roots (\sqrt{16}, 8^{2/3}).
func (n *node) exactPower(a *big.Rat, w *work) (*big.Rat, bool) {
	e, ok := n.kids[1].exact(w)
	if !ok {
		return nil, false
	}
	if !e.IsInt() {
		q := e.Denom()
		if !q.IsInt64() || q.Int64() > maxRootIndex {
			return nil, false
		}
		if a, ok = exactRoot(a, int(q.Int64()), w); !ok {
			return nil, false
		}
	}
	return powInt(a, e.Num(), w)
}

// powInt raises a to the integer k, refusing results past MaxBits before
// computing them: x^k has more than k*(bits(x)-1) bits.
func powInt(a *big.Rat, k *big.Int, w *work) (*big.Rat, bool) {
	num, den := a.Num(), a.Denom()
	switch {
	case num.Sign() == 0:
		if k.Sign() < 0 {
			return nil, false
		}
		if k.Sign() == 0 {
			return big.NewRat(1, 1), true
		}
		return new(big.Rat), true
	case den.IsInt64() && den.Int64() == 1 && num.IsInt64() && (num.Int64() == 1 || num.Int64() == -1):
		if num.Int64() == -1 && k.Bit(0) == 1 {
			return big.NewRat(-1, 1), true
		}
		return big.NewRat(1, 1), true
	}
	kk := new(big.Int).Abs(k)
	bits := max(num.BitLen(), den.BitLen())
	if !kk.IsInt64() || kk.Int64() > MaxBits || kk.Int64()*int64(bits-1)+1 > MaxBits {
		return nil, false
	}
	if !w.spend(bigCost(int(kk.Int64()) * bits)) {
		return nil, false
	}
	p := new(big.Int).Exp(num, kk, nil)
	q := new(big.Int).Exp(den, kk, nil)
	if k.Sign() < 0 {
		p, q = q, p
	}
	r := new(big.Rat).SetFrac(p, q)
	return r, fits(r)
}

// exactRoot returns the q-th root of a non-negative a when its numerator and
// denominator are perfect q-th powers.
func exactRoot(a *big.Rat, q int, w *work) (*big.Rat, bool) {
	if a.Sign() < 0 || !w.spend(4*bigCost(ratBits(a))) {
		return nil, false
	}
	p, ok1 := intRoot(a.Num(), q)
	d, ok2 := intRoot(a.Denom(), q)
	if !ok1 || !ok2 {
		return nil, false
	}
	return new(big.Rat).SetFrac(p, d), true
}

// intRoot returns the q-th root of x >= 0 when x is a perfect q-th power. Newton's
// iteration from above converges to the floor of the root.
func intRoot(x *big.Int, q int) (*big.Int, bool) {
	if x.Cmp(big.NewInt(2)) < 0 {
		return new(big.Int).Set(x), true
	}
	var r *big.Int
	if q == 2 {
		r = new(big.Int).Sqrt(x)
	} else {
		bq := big.NewInt(int64(q))
		r = new(big.Int).Lsh(big.NewInt(1), uint((x.BitLen()+q-1)/q))
		for {
			t := new(big.Int).Exp(r, big.NewInt(int64(q-1)), nil)
			t.Quo(x, t)
			t.Add(t, new(big.Int).Mul(r, big.NewInt(int64(q-1))))
			t.Quo(t, bq)
			if t.Cmp(r) >= 0 {
				break
			}
			r = t
		}
	}
	return r, new(big.Int).Exp(r, big.NewInt(int64(q)), nil).Cmp(x) == 0
}

func (n *node) exactFactorial(w *work) (*big.Rat, bool) {
	a, ok := n.kids[0].exact(w)
	limit := int64(maxFactorialArg)
	if n.op == 'd' {
		limit = maxDoubleFactorialArg
	}
	if !ok || !a.IsInt() || a.Sign() < 0 || a.Num().Cmp(big.NewInt(limit)) > 0 {
		return nil, false
	}
	k := a.Num().Int64()
	if !w.spend(bigCost(int(k) * big.NewInt(k).BitLen())) {
		return nil, false
	}
	if n.op == '!' {
		return new(big.Rat).SetInt(new(big.Int).MulRange(1, max(k, 1))), true
	}
	r := big.NewInt(1)
	for ; k > 1; k -= 2 {
		r.Mul(r, big.NewInt(k))
	}
	return new(big.Rat).SetInt(r), true
}

// exactFunc evaluates floor, ceil, abs and binomials exactly. When an argument is
// not exact (\lfloor 100\sqrt2 \rfloor) it rounds the floating-point value, but only
// where floats still hold every integer.
func (n *node) exactFunc(w *work) (*big.Rat, bool) {
	switch n.name {
	case "floor", "ceil", "abs":
		if a, ok := n.kids[0].exact(w); ok {
			return exactRound(n.name, a, w)
		}
	case "binom":
		a, ok1 := n.kids[0].exact(w)
		b, ok2 := n.kids[1].exact(w)
		if ok1 && ok2 && a.IsInt() && b.IsInt() {
			return exactBinom(a.Num(), b.Num(), w)
		}
	default:
		return nil, false
	}
	v, ok := n.eval(nil, w)
	if !ok || imag(v) != 0 || math.IsNaN(real(v)) || math.Abs(real(v)) > maxExactFloat {
		return nil, false
	}
	return new(big.Rat).SetFloat64(math.Round(real(v))), true
}

// exactRound applies floor, ceil or abs to an exact value.
func exactRound(name string, a *big.Rat, w *work) (*big.Rat, bool) {
	if !w.spend(bigCost(ratBits(a))) {
		return nil, false
	}
	switch name {
	case "abs":
		return a.Abs(a), true
	case "floor":
		return new(big.Rat).SetInt(new(big.Int).Div(a.Num(), a.Denom())), true
	}
	neg := new(big.Int).Neg(a.Num())
	return new(big.Rat).SetInt(neg.Div(neg, a.Denom()).Neg(neg)), true
}

// exactBinom computes C(n, k) when it fits in MaxBits. With k' = min(k, n-k),
// C(n, k) >= (n/k')^k', which refuses most large values before any work.
func exactBinom(n, k *big.Int, w *work) (*big.Rat, bool) {
	if k.Sign() < 0 || k.Cmp(n) > 0 {
		return new(big.Rat), true
	}
	kk := new(big.Int).Sub(n, k)
	if k.Cmp(kk) < 0 {
		kk.Set(k)
	}
	if kk.Sign() == 0 {
		return big.NewRat(1, 1), true
	}
	if kk.Cmp(big.NewInt(maxBinomK)) > 0 {
		return nil, false
	}
	m := kk.Int64()
	q := new(big.Int).Quo(n, kk)
	if m*int64(q.BitLen()-1) >= MaxBits || !w.spend(bigCost(int(m)*n.BitLen())) {
		return nil, false
	}
	var c *big.Int
	if n.IsInt64() {
		c = new(big.Int).Binomial(n.Int64(), m)
	} else {
		c = big.NewInt(1)
		for i := int64(0); i < m; i++ {
			c.Mul(c, new(big.Int).Sub(n, big.NewInt(i)))
		}
		c.Quo(c, new(big.Int).MulRange(1, m))
	}
	r := new(big.Rat).SetInt(c)
	return r, fits(r)
}
