package answer

import "strings"

// span is one math span of a text: $$...$$, \[...\], \(...\) or $...$. The content
// is text[cs:ce]; the whole span is text[start:end].
type span struct{ start, cs, ce, end int }

// spanScanner finds math spans left to right, as the regular expression
//
//	(?s)\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|\$((?:[^$\\]|\\.)+?)\$
//
// would with FindAll, in time linear in the text. A regular expression engine
// rescans the rest of the text for every opener that never closes, which is
// quadratic; the scanner remembers which kinds of span can no longer close.
type spanScanner struct {
	text string
	pos  int
	dead [4]bool // $$, \[, \(, $: no closer left after pos
}

var spanCloser = [3]string{"$$", `\]`, `\)`}

// next returns the next span, or false when there is none.
func (s *spanScanner) next() (span, bool) {
	t := s.text
	for s.pos < len(t) {
		i := strings.IndexAny(t[s.pos:], `$\`)
		if i < 0 {
			s.pos = len(t)
			break
		}
		p := s.pos + i
		if sp, ok := s.at(p); ok {
			s.pos = sp.end
			return sp, true
		}
		s.pos = p + 1
	}
	return span{}, false
}

// at tries the four kinds of span at p, in the expression's order.
func (s *spanScanner) at(p int) (span, bool) {
	t := s.text
	for k, open := range [3]string{"$$", `\[`, `\(`} {
		if s.dead[k] || !strings.HasPrefix(t[p:], open) {
			continue
		}
		if p+3 > len(t) {
			s.dead[k] = true
			continue
		}
		q := strings.Index(t[p+3:], spanCloser[k])
		if q < 0 {
			s.dead[k] = true
			continue
		}
		q += p + 3
		return span{p, p + 2, q, q + 2}, true
	}
	if t[p] != '$' || s.dead[3] {
		return span{}, false
	}
	for i := p + 1; i < len(t); i++ {
		switch t[i] {
		case '$':
			if i == p+1 {
				return span{}, false // $$ with nothing between is no span
			}
			return span{p, p + 1, i, i + 1}, true
		case '\\':
			i++ // an escaped character, \$ included
		}
	}
	s.dead[3] = true // every $ left is escaped, so none can close a span
	return span{}, false
}

// lastSpan returns the last math span of text.
func lastSpan(text string) (span, bool) {
	s := spanScanner{text: text}
	var last span
	found := false
	for sp, ok := s.next(); ok; sp, ok = s.next() {
		last, found = sp, true
	}
	return last, found
}

// withoutSpans replaces every math span of text with a space.
func withoutSpans(text string) string {
	var b strings.Builder
	s := spanScanner{text: text}
	prev := 0
	for sp, ok := s.next(); ok; sp, ok = s.next() {
		b.WriteString(text[prev:sp.start])
		b.WriteByte(' ')
		prev = sp.end
	}
	b.WriteString(text[prev:])
	return b.String()
}
