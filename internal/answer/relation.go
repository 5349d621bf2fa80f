package answer

import (
	"math"
	"math/cmplx"
)

// newRel builds an oriented relation: a > b is stored as b < a, a >= b as b <= a.
func newRel(src, l, op, r string) *ans {
	switch op {
	case ">":
		l, r, op = r, l, "<"
	case `\ge`:
		l, r, op = r, l, `\le`
	}
	le, err1 := parseExpr(l)
	re, err2 := parseExpr(r)
	if err1 != nil || err2 != nil {
		return &ans{kind: kText, src: textKey(src)}
	}
	return &ans{kind: kRel, src: src, rel: op, lhs: le, rhs: re}
}

// chainInterval turns a < x <= b into the interval (a, b].
func chainInterval(src string, parts, ops []string) *ans {
	lo, hi := parts[0], parts[2]
	opLo, opHi := ops[0], ops[1]
	if ops[0] == ">" || ops[0] == `\ge` {
		lo, hi, opLo, opHi = hi, lo, opHi, opLo
	}
	open, close := byte('('), byte(')')
	if opLo == `\le` || opLo == `\ge` {
		open = '['
	}
	if opHi == `\le` || opHi == `\ge` {
		close = ']'
	}
	return &ans{kind: kSeq, src: src, open: open, close: close, items: []*ans{parseAnswer(lo), parseAnswer(hi)}}
}

// relInterval turns x < 3 or 2 <= x into an interval when one side is a bare label.
func relInterval(r *ans) *ans {
	if r.rel != "<" && r.rel != `\le` {
		return nil
	}
	closed := r.rel == `\le`
	inf := &ans{kind: kScalar, expr: &node{op: 'n', num: math.Inf(1)}}
	ninf := &ans{kind: kScalar, expr: &node{op: 'n', num: math.Inf(-1)}}
	switch {
	case r.lhs.op == 'v': // x < b
		c := byte(')')
		if closed {
			c = ']'
		}
		return &ans{kind: kSeq, open: '(', close: c, items: []*ans{ninf, {kind: kScalar, expr: r.rhs}}}
	case r.rhs.op == 'v': // a < x
		o := byte('(')
		if closed {
			o = '['
		}
		return &ans{kind: kSeq, open: o, close: ')', items: []*ans{{kind: kScalar, expr: r.lhs}, inf}}
	}
	return nil
}

// relEqual compares relations: lhs-rhs of one must be a constant multiple of the
// other's at every sample point (a positive multiple for inequalities).
// A point where either side overflows to infinity cannot be decided: not equal.
func relEqual(a, b *ans, w *work) bool {
	if a.rel != b.rel {
		return false
	}
	da := &node{op: '+', kids: []*node{a.lhs, {op: '-', kids: []*node{a.rhs}}}}
	db := &node{op: '+', kids: []*node{b.lhs, {op: '-', kids: []*node{b.rhs}}}}
	var ratio complex128
	ok := false
	for _, e := range samplePoints(da, db) {
		x, ok1 := da.eval(e, w)
		y, ok2 := db.eval(e, w)
		if w.out() || cmplx.IsInf(x) || cmplx.IsInf(y) {
			return false
		}
		if !ok1 || !ok2 || isBad(x) || isBad(y) {
			continue
		}
		if closeTo(x, 0) && closeTo(y, 0) {
			continue
		}
		if closeTo(y, 0) {
			return false
		}
		r := x / y
		if !ok {
			ratio, ok = r, true
			if a.rel != "=" && a.rel != `\ne` && real(r) <= 0 {
				return false
			}
			continue
		}
		if !closeTo(r, ratio) {
			return false
		}
	}
	return ok
}
