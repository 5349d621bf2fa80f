package answer

import (
	"regexp"
	"strings"
)

var (
	percentRe  = regexp.MustCompile(`\s*(%|percent(age)?|pct)$`)
	unitTailRe = regexp.MustCompile(`^(.*?[\d}])(\s*\\text\{[^{}]*\}|\s+[a-zA-Z]{2,}(\^\d|\^\{\d\})?)(\s+[a-zA-Z]{2,}(\^\d)?)*$`)
	relOps     = []string{`\le `, `\ge `, `\ne `, `\le`, `\ge`, `\ne`, "<", ">", "="}
)

// parseSingle reads one item: a relation, a value with \pm, a percentage, a number
// with a unit, an expression, or text.
func parseSingle(s string) *ans {
	if i := strings.Index(s, `\approx`); i >= 0 {
		left, right := strings.TrimSpace(s[:i]), strings.TrimSpace(s[i+len(`\approx`):])
		if isLabel(left) || left == "" {
			s = right
		} else {
			s = left
		}
	}
	if r := parseRelation(s); r != nil {
		return r
	}
	if strings.Contains(s, `\pm`) || strings.Contains(s, `\mp`) {
		plus := strings.NewReplacer(`\pm`, "+", `\mp`, "-").Replace(s)
		minus := strings.NewReplacer(`\pm`, "-", `\mp`, "+").Replace(s)
		return &ans{kind: kSet, src: s, items: []*ans{parseSingle(plus), parseSingle(minus)}}
	}
	a := &ans{kind: kScalar, src: s}
	if loc := percentRe.FindStringIndex(s); loc != nil && loc[0] > 0 {
		a.percent = true
		s = strings.TrimSpace(s[:loc[0]])
	}
	if e, err := parseExpr(s); err == nil {
		a.expr = e
		return a
	}
	if m := unitTailRe.FindStringSubmatch(s); m != nil {
		if e, err := parseExpr(m[1]); err == nil {
			a.expr = e
			return a
		}
	}
	return &ans{kind: kText, src: textKey(s)}
}

// textKey normalises words for comparison: no braces, commands, spaces or case.
func textKey(s string) string {
	s = strings.NewReplacer(`\text`, "", `\mathrm`, "", "{", "", "}", "", " ", "", "(", "", ")", "").Replace(s)
	return strings.ToLower(s)
}

// isLabel reports whether s names what an answer is about (x, a_3, f(x), |AB|,
// (p,q), A:B, \frac{NO}{BO}) rather than being a value: letters without digits or
// operators outside subscripts.
func isLabel(s string) bool {
	s = strings.TrimSpace(s)
	if s == "" {
		return false
	}
	letters, inSub := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '_':
			inSub = 2
			continue
		case isLetter(c):
			letters++
		case isDigit(c):
			if inSub == 0 {
				return false
			}
		case c == '\\' && !strings.HasPrefix(s[i:], `\frac`) && !strings.HasPrefix(s[i:], `\text`):
			return false // \sin(x) = ... is an equation, not a label
		case c == '+' || c == '-' || c == '=' || c == '<' || c == '>' || c == '*' || c == '^':
			return false
		}
		if inSub > 0 && c != '{' {
			inSub--
		}
		if c == '}' {
			inSub = 0
		}
	}
	return letters > 0
}

// parseRelation reads a = b (= c ...) and inequalities. A labelled equation (x = 3)
// becomes its value; a chain keeps its last member; a double inequality around a
// label becomes an interval.
func parseRelation(s string) *ans {
	parts, ops := splitRelation(s)
	if len(parts) < 2 {
		return nil
	}
	if allEqual(ops) {
		if len(parts) > 2 || isLabel(parts[0]) {
			a := parseAnswer(parts[len(parts)-1])
			if len(parts) == 2 && a.kind == kScalar {
				a.label = textKey(parts[0])
				a.asRel = newRel(s, parts[0], "=", parts[1])
			}
			return a
		}
		r := newRel(s, parts[0], "=", parts[1])
		if r.kind == kRel && len(samplePoints(r.lhs, r.rhs)[0]) == 0 {
			return parseAnswer(parts[1]) // 1/2 = 10/9 is a computation ending in its value
		}
		return r
	}
	if len(parts) == 3 && isLabel(parts[1]) && sameDirection(ops) {
		return chainInterval(s, parts, ops)
	}
	if len(parts) == 2 {
		return newRel(s, parts[0], ops[0], parts[1])
	}
	return nil
}

func allEqual(ops []string) bool {
	for _, o := range ops {
		if o != "=" {
			return false
		}
	}
	return true
}

func sameDirection(ops []string) bool {
	up := func(o string) bool { return o == "<" || o == `\le` }
	return up(ops[0]) == up(ops[1]) && ops[0] != "=" && ops[1] != "=" && ops[0] != `\ne` && ops[1] != `\ne`
}

// splitRelation splits s at top-level relation operators.
func splitRelation(s string) (parts, ops []string) {
	depth, last := 0, 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '(' || c == '[' || c == '{' {
			depth++
			continue
		}
		if c == ')' || c == ']' || c == '}' {
			depth--
			continue
		}
		if depth != 0 {
			continue
		}
		for _, op := range relOps {
			if strings.HasPrefix(s[i:], op) && !(op[0] == '\\' && followedByLetter(s, i+len(op))) {
				parts = append(parts, strings.TrimSpace(s[last:i]))
				ops = append(ops, strings.TrimSpace(op))
				last = i + len(op)
				i = last - 1
				break
			}
		}
	}
	return append(parts, strings.TrimSpace(s[last:])), ops
}
