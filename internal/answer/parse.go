package answer

import (
	"errors"
	"strconv"
)

// node is an expression tree. op is one of: 'n' number, 'v' variable, '+', '*',
// '/', '-' (negation), '^', 'f' (function of kids[0]), '!' (factorial), 'd'
// (double factorial).
type node struct {
	op   byte
	num  float64
	lit  string // the literal text of a number, kept for exact integer work
	name string
	kids []*node
}

var errSyntax = errors.New("not an expression")

type parser struct {
	toks    []token
	pos     int
	absOpen int
	depth   int // how deep the recursion is: brackets, signs, exponents, calls
}

// parseExpr parses s as one arithmetic expression. Recursion deeper than
// maxParseDepth and trees deeper than maxExprDepth are refused, so evaluating the
// tree is bounded (and the notebook's Python, which recurses the same way, agrees).
func parseExpr(s string) (*node, error) {
	toks, ok := lex(s)
	if !ok || len(toks) == 0 {
		return nil, errSyntax
	}
	p := &parser{toks: toks}
	n, err := p.sum()
	if err != nil {
		return nil, err
	}
	if p.pos != len(p.toks) || n.depth() > maxExprDepth {
		return nil, errSyntax
	}
	return n, nil
}

// enter counts one level of recursion; leave undoes it.
func (p *parser) enter() bool {
	p.depth++
	return p.depth <= maxParseDepth
}

func (p *parser) leave() { p.depth-- }

// depth is the number of nodes on the longest path from n to a leaf.
func (n *node) depth() int {
	d := 0
	for _, k := range n.kids {
		d = max(d, k.depth())
	}
	return d + 1
}

func (p *parser) peek() token {
	if p.pos < len(p.toks) {
		return p.toks[p.pos]
	}
	return token{}
}

func (p *parser) is(kind byte, text string) bool {
	t := p.peek()
	return t.kind == kind && t.text == text
}

func (p *parser) sum() (*node, error) {
	left, err := p.product()
	if err != nil {
		return nil, err
	}
	for p.is(tSym, "+") || p.is(tSym, "-") {
		neg := p.peek().text == "-"
		p.pos++
		right, err := p.product()
		if err != nil {
			return nil, err
		}
		if neg {
			right = &node{op: '-', kids: []*node{right}}
		}
		left = &node{op: '+', kids: []*node{left, right}}
	}
	return left, nil
}

func (p *parser) product() (*node, error) {
	left, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.peek()
		var op byte
		switch {
		case t.kind == tSym && t.text == "*", t.kind == tCmd && (t.text == `\cdot` || t.text == `\times`):
			op = '*'
			p.pos++
		case t.kind == tSym && t.text == "/", t.kind == tCmd && t.text == `\div`:
			op = '/'
			p.pos++
		case left.op == 'n' && left.lit != "" && p.is(tCmd, `\frac`) && p.mixedFraction():
			op = '+' // a mixed number: 2\frac58 is 2 + 5/8
		case p.startsPrimary():
			op = '*' // implicit multiplication: 2x, 3\sqrt2, (x+1)(x-1)
		default:
			return left, nil
		}
		var right *node
		if t.kind == tSym && (t.text == "*" || t.text == "/") || t.kind == tCmd && (t.text == `\cdot` || t.text == `\times` || t.text == `\div`) {
			right, err = p.unary()
		} else {
			right, err = p.power()
		}
		if err != nil {
			return nil, err
		}
		if op == '/' || op == '+' {
			left = &node{op: op, kids: []*node{left, right}}
		} else {
			left = &node{op: '*', kids: []*node{left, right}}
		}
	}
}

// mixedFraction reports whether the \frac ahead has two number arguments.
func (p *parser) mixedFraction() bool {
	t := p.toks[p.pos:]
	return len(t) >= 7 && t[1].text == "{" && t[2].kind == tNum && t[3].text == "}" &&
		t[4].text == "{" && t[5].kind == tNum && t[6].text == "}"
}

func (p *parser) startsPrimary() bool {
	t := p.peek()
	switch t.kind {
	case tNum, tVar, tWord:
		return true
	case tSym:
		return t.text == "(" || t.text == "{" || t.text == "[" || t.text == "|" && p.absOpen == 0
	case tCmd:
		_, isConst := constants[t.text]
		_, isFunc := functions[t.text]
		return isConst || isFunc || t.text == `\frac` || t.text == `\sqrt` || t.text == `\lfloor` ||
			t.text == `\lceil` || t.text == `\binom` || t.text == `\text`
	}
	return false
}

func (p *parser) unary() (*node, error) {
	defer p.leave()
	if !p.enter() {
		return nil, errSyntax
	}
	if p.is(tSym, "-") {
		p.pos++
		n, err := p.unary()
		if err != nil {
			return nil, err
		}
		return &node{op: '-', kids: []*node{n}}, nil
	}
	if p.is(tSym, "+") {
		p.pos++
		return p.unary()
	}
	return p.power()
}

func (p *parser) power() (*node, error) {
	base, err := p.postfix()
	if err != nil {
		return nil, err
	}
	if !p.is(tSym, "^") {
		return base, nil
	}
	p.pos++
	exp, err := p.exponent()
	if err != nil {
		return nil, err
	}
	n := &node{op: '^', kids: []*node{base, exp}}
	return p.factorials(n), nil
}

// exponent reads what follows ^: a braced group, or one signed atom (x^2, x^-1).
func (p *parser) exponent() (*node, error) {
	defer p.leave()
	if !p.enter() {
		return nil, errSyntax
	}
	if p.is(tSym, "-") {
		p.pos++
		n, err := p.exponent()
		if err != nil {
			return nil, err
		}
		return &node{op: '-', kids: []*node{n}}, nil
	}
	if p.peek().kind == tNum { // x^23 means x^{23}; x^2y means x^2 * y
		return p.number()
	}
	return p.postfix()
}

func (p *parser) postfix() (*node, error) {
	n, err := p.primary()
	if err != nil {
		return nil, err
	}
	if n.op == 'v' {
		n.name += p.subscript()
	}
	return p.factorials(n), nil
}

func (p *parser) factorials(n *node) *node {
	for p.is(tSym, "!") {
		p.pos++
		if p.is(tSym, "!") {
			p.pos++
			n = &node{op: 'd', kids: []*node{n}}
			continue
		}
		n = &node{op: '!', kids: []*node{n}}
	}
	return n
}

// subscript consumes _x, _{12} and primes after a variable and returns them as part
// of its name, so a_3 and a_{3} are the same variable.
func (p *parser) subscript() string {
	name := ""
	for {
		switch {
		case p.is(tSym, "'"):
			p.pos++
			name += "'"
		case p.is(tSym, "_"):
			p.pos++
			name += "_" + p.rawGroup()
		default:
			return name
		}
	}
}

// rawGroup returns the text of the next token or braced group without parsing it.
func (p *parser) rawGroup() string {
	if !p.is(tSym, "{") {
		t := p.peek()
		p.pos++
		return t.text
	}
	depth, s := 0, ""
	for p.pos < len(p.toks) {
		t := p.toks[p.pos]
		p.pos++
		if t.kind == tSym && t.text == "{" {
			depth++
			if depth == 1 {
				continue
			}
		}
		if t.kind == tSym && t.text == "}" {
			depth--
			if depth == 0 {
				return s
			}
		}
		s += t.text
	}
	return s
}

// number reads a decimal literal. One too large for a float64 is still a number
// (its value is infinite, its literal exact), as it is in the notebook's Python.
func (p *parser) number() (*node, error) {
	t := p.peek()
	v, err := strconv.ParseFloat(t.text, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return nil, errSyntax
	}
	p.pos++
	return &node{op: 'n', num: v, lit: t.text}, nil
}
