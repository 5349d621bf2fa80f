package answer

import "math"

// constants are the named values an answer may use.
var constants = map[string]float64{`\pi`: math.Pi, `\infty`: math.Inf(1), `\infin`: math.Inf(1)}

// functions maps command names to the function they apply.
var functions = map[string]string{
	`\sin`: "sin", `\cos`: "cos", `\tan`: "tan", `\sec`: "sec", `\csc`: "csc", `\cot`: "cot",
	`\ln`: "ln", `\log`: "log", `\exp`: "exp", `\arcsin`: "asin", `\arccos`: "acos", `\arctan`: "atan",
	`\sinh`: "sinh", `\cosh`: "cosh", `\tanh`: "tanh",
}

var plainFuncNames = map[string]string{
	"sin": "sin", "cos": "cos", "tan": "tan", "sec": "sec", "csc": "csc", "cot": "cot",
	"ln": "ln", "log": "log", "exp": "exp", "arcsin": "asin", "arccos": "acos", "arctan": "atan", "sqrt": "sqrt",
}

func (p *parser) primary() (*node, error) {
	defer p.leave()
	if !p.enter() {
		return nil, errSyntax
	}
	t := p.peek()
	switch t.kind {
	case tNum:
		return p.number()
	case tVar:
		p.pos++
		return &node{op: 'v', name: t.text}, nil
	case tWord:
		p.pos++
		return p.call(plainFuncNames[t.text])
	case tSym:
		return p.group(t.text)
	case tCmd:
		return p.command(t.text)
	}
	return nil, errSyntax
}

// group parses (e), [e], {e} and |e|.
func (p *parser) group(open string) (*node, error) {
	closeBy := map[string]string{"(": ")", "[": "]", "{": "}", "|": "|"}[open]
	if closeBy == "" {
		return nil, errSyntax
	}
	p.pos++
	if open == "|" {
		p.absOpen++
		defer func() { p.absOpen-- }()
	}
	inner, err := p.sum()
	if err != nil {
		return nil, err
	}
	if !p.is(tSym, closeBy) {
		return nil, errSyntax
	}
	p.pos++
	if open == "|" {
		return &node{op: 'f', name: "abs", kids: []*node{inner}}, nil
	}
	return inner, nil
}

func (p *parser) command(name string) (*node, error) {
	p.pos++
	if v, ok := constants[name]; ok {
		return &node{op: 'n', num: v}, nil
	}
	if f, ok := functions[name]; ok {
		return p.call(f)
	}
	switch name {
	case `\frac`:
		return p.frac()
	case `\binom`:
		a, b, err := p.twoArgs()
		if err != nil {
			return nil, err
		}
		return &node{op: 'f', name: "binom", kids: []*node{a, b}}, nil
	case `\sqrt`:
		return p.sqrt()
	case `\lfloor`, `\lceil`:
		return p.bracketFunc(name)
	case `\text`: // a unit left inside an expression reads as 1
		p.rawGroup()
		return &node{op: 'n', num: 1, lit: "1"}, nil
	}
	return nil, errSyntax
}

// call parses a function's argument: sin x, \sin(x), \tan^2(y), \log_2 8.
func (p *parser) call(f string) (*node, error) {
	var power, base *node
	var err error
	if p.is(tSym, "_") {
		p.pos++
		if base, err = p.postfix(); err != nil {
			return nil, err
		}
	}
	if p.is(tSym, "^") {
		p.pos++
		if power, err = p.exponent(); err != nil {
			return nil, err
		}
	}
	arg, err := p.power()
	if err != nil {
		return nil, err
	}
	n := &node{op: 'f', name: f, kids: []*node{arg}}
	if base != nil {
		n = &node{op: '/', kids: []*node{{op: 'f', name: "ln", kids: []*node{arg}}, {op: 'f', name: "ln", kids: []*node{base}}}}
	}
	if power != nil {
		n = &node{op: '^', kids: []*node{n, power}}
	}
	return n, nil
}

func (p *parser) braced() (*node, error) {
	if !p.is(tSym, "{") {
		return p.power()
	}
	return p.group("{")
}

func (p *parser) twoArgs() (*node, *node, error) {
	a, err := p.braced()
	if err != nil {
		return nil, nil, err
	}
	b, err := p.braced()
	return a, b, err
}

func (p *parser) frac() (*node, error) {
	a, b, err := p.twoArgs()
	if err != nil {
		return nil, err
	}
	return &node{op: '/', kids: []*node{a, b}}, nil
}

func (p *parser) sqrt() (*node, error) {
	index := &node{op: 'n', num: 2, lit: "2"}
	if p.is(tSym, "[") {
		p.pos++
		var err error
		if index, err = p.sum(); err != nil || !p.is(tSym, "]") {
			return nil, errSyntax
		}
		p.pos++
	}
	arg, err := p.braced()
	if err != nil {
		return nil, err
	}
	inv := &node{op: '/', kids: []*node{{op: 'n', num: 1, lit: "1"}, index}}
	return &node{op: '^', kids: []*node{arg, inv}}, nil
}

// bracketFunc parses \lfloor x \rfloor and \lceil x \rceil.
func (p *parser) bracketFunc(open string) (*node, error) {
	inner, err := p.sum()
	if err != nil {
		return nil, err
	}
	closer, f := `\rfloor`, "floor"
	if open == `\lceil` {
		closer, f = `\rceil`, "ceil"
	}
	if !p.is(tCmd, closer) {
		return nil, errSyntax
	}
	p.pos++
	return &node{op: 'f', name: f, kids: []*node{inner}}, nil
}
