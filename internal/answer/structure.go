package answer

import (
	"strings"
)

// kind is the shape of an answer.
type kind byte

const (
	kScalar kind = iota // one expression
	kText               // words that are not an expression
	kSeq                // a bracketed sequence: tuple, point or interval
	kSet                // \{...\}: compared without order
	kList               // a bare comma list
	kUnion              // intervals joined by \cup
	kMatrix             // a matrix, row-major in items
	kRel                // an equation or inequality
)

// ans is a parsed answer.
type ans struct {
	kind        kind
	src         string
	expr        *node
	percent     bool
	open, close byte
	items       []*ans
	rows, cols  int
	rel         string // "=", "<", "<=", "!=" after orienting sides
	lhs, rhs    *node
	label       string // "x" for an answer written x = 3
	asRel       *ans   // the equation a labelled answer came from (y = 2x+1)
}

// parseAnswer reads a cleaned answer string into its structure.
func parseAnswer(s string) *ans {
	s = strings.TrimSpace(strings.TrimRight(strings.TrimSpace(s), ".,;"))
	if strings.Contains(s, `\begin`) {
		if m := parseMatrix(s); m != nil {
			return m
		}
	}
	s = stripMembership(s)
	if parts := splitTop(s, `\cup`); len(parts) > 1 {
		return &ans{kind: kUnion, src: s, items: parseAll(parts)}
	}
	if inner, ok := wrapped(s, `\{`, `\}`); ok {
		return &ans{kind: kSet, src: s, items: parseAll(splitItems(inner))}
	}
	if parts := splitItems(s); len(parts) > 1 {
		return &ans{kind: kList, src: s, items: parseAll(parts)}
	}
	if inner, ok := wrapped(s, "{", "}"); ok && s != "" {
		if parts := splitItems(inner); len(parts) > 1 {
			return &ans{kind: kSet, src: s, items: parseAll(parts)}
		}
		return parseAnswer(inner)
	}
	if len(s) > 2 && isOpen(s[0]) && isClose(s[len(s)-1]) && enclosed(s) {
		parts := splitTop(s[1:len(s)-1], ",")
		if len(parts) == 1 {
			parts = splitTop(s[1:len(s)-1], ";")
		}
		if len(parts) > 1 {
			return &ans{kind: kSeq, src: s, open: s[0], close: s[len(s)-1], items: parseAll(parts)}
		}
	}
	return parseSingle(s)
}

func parseAll(parts []string) []*ans {
	out := make([]*ans, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, parseAnswer(p))
		}
	}
	return out
}

// enclosed reports whether the bracket opening s closes at its last character.
func enclosed(s string) bool {
	depth := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '(', '[', '{':
			depth++
		case ')', ']', '}':
			depth--
			if depth == 0 && i < len(s)-1 {
				return false
			}
		}
	}
	return depth == 0
}

func isOpen(c byte) bool  { return c == '(' || c == '[' }
func isClose(c byte) bool { return c == ')' || c == ']' }

// wrapped reports whether s is exactly open ... close with the two matching.
func wrapped(s, open, close string) (string, bool) {
	if !strings.HasPrefix(s, open) || !strings.HasSuffix(s, close) || len(s) < len(open)+len(close) {
		return "", false
	}
	inner := s[len(open) : len(s)-len(close)]
	depth := 0
	for i := 0; i < len(inner); i++ {
		switch inner[i] {
		case '{':
			depth++
		case '}':
			depth--
			if depth < 0 {
				return "", false
			}
		}
	}
	return inner, depth == 0
}

// stripMembership drops "x \in" in front of a set or interval.
func stripMembership(s string) string {
	i := strings.Index(s, `\in `)
	if i < 0 {
		i = strings.Index(s, `\in(`)
		if i < 0 {
			i = strings.Index(s, `\in[`)
		}
	}
	if i > 0 && isLabel(s[:i]) {
		return strings.TrimSpace(s[i+3:])
	}
	return s
}

// splitItems splits a list on top-level commas, semicolons and the words and/or.
func splitItems(s string) []string {
	var out []string
	for _, a := range splitTop(s, ";") {
		for _, b := range splitTop(a, ",") {
			for _, c := range splitWords(b) {
				if c = strings.TrimSpace(c); c != "" {
					out = append(out, c)
				}
			}
		}
	}
	return out
}

func splitWords(s string) []string {
	for _, w := range []string{" and ", " or "} {
		if strings.Contains(s, w) {
			var out []string
			for _, p := range strings.Split(s, w) {
				out = append(out, splitWords(p)...)
			}
			return out
		}
	}
	t := strings.TrimSpace(s)
	for _, w := range []string{"and ", "or "} {
		if strings.HasPrefix(t, w) {
			return []string{t[len(w):]}
		}
	}
	return []string{s}
}

// splitTop splits s on sep where it is outside any brackets.
func splitTop(s, sep string) []string {
	var out []string
	depth, last := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\' && i+1 < len(s) && (s[i+1] == '{' || s[i+1] == '}'):
			if s[i+1] == '{' {
				depth++
			} else {
				depth--
			}
			i++
		case c == '(' || c == '[' || c == '{':
			depth++
		case c == ')' || c == ']' || c == '}':
			depth--
		case depth == 0 && strings.HasPrefix(s[i:], sep):
			if sep[0] == '\\' && followedByLetter(s, i+len(sep)) {
				continue
			}
			out = append(out, s[last:i])
			last = i + len(sep)
			i = last - 1
		}
	}
	return append(out, s[last:])
}
