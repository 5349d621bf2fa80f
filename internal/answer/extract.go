package answer

import (
	"strings"
)

// Extract returns the final answer in text: the last \boxed{} (or \fbox{}, or
// "\boxed 5"), else the first declared fallback that finds something. The answer is
// cleaned of LaTeX wrappers (see Clean). Its cost is linear in the text and bounded
// by the limits in limits.go.
func Extract(text string, opts Options) (string, bool) {
	if a, ok := lastBoxedGroup(text); ok {
		a = Clean(a)
		return a, a != ""
	}
	tail := text[max(0, len(text)-FallbackWindow):]
	for _, name := range opts.fallbacks() {
		if a, ok := runFallback(name, tail); ok && len(a) <= MaxAnswerBytes {
			if a = Clean(a); a != "" {
				return a, true
			}
		}
	}
	return "", false
}

// SolutionAnswer returns the answer of a MATH dataset solution: its last \boxed{}.
func SolutionAnswer(solution string) (string, bool) {
	s := boxScanner{text: solution}
	_, _, content, ok := s.last(len(solution))
	if !ok {
		return "", false
	}
	return content, true
}

// boxScanner finds boxes from the end of a text, examining at most MaxBoxes box
// commands in all, so that a text of many unclosed boxes costs what a few do.
type boxScanner struct {
	text  string
	tries int
}

// last finds the last well-formed box that starts before end. It returns the
// position of the command, the position just after the box, and the content.
func (s *boxScanner) last(end int) (start, after int, content string, ok bool) {
	for end > 0 && s.tries < MaxBoxes {
		i := lastBoxCommand(s.text[:end])
		if i < 0 {
			break
		}
		s.tries++
		if c, a, good := boxContent(s.text, i); good {
			return i, a, c, true
		}
		end = i
	}
	return 0, 0, "", false
}

// lastBoxCommand finds the last \boxed or \fbox by scanning backslashes from the
// end, which is several times faster than strings.LastIndex on long outputs.
func lastBoxCommand(s string) int {
	for end := len(s); end > 0; {
		i := strings.LastIndexByte(s[:end], '\\')
		if i < 0 {
			return -1
		}
		if strings.HasPrefix(s[i:], `\boxed`) || strings.HasPrefix(s[i:], `\fbox`) {
			return i
		}
		end = i
	}
	return -1
}

// boxContent reads the argument of the box command at i: a braced group with nested
// braces, or the next space-delimited token ("\boxed 5"). An argument longer than
// MaxAnswerBytes is not read, so each box costs at most that much.
func boxContent(text string, i int) (string, int, bool) {
	j := i + len(`\boxed`)
	if strings.HasPrefix(text[i:], `\fbox`) {
		j = i + len(`\fbox`)
	}
	if j < len(text) && isLetter(text[j]) {
		return "", 0, false // \boxedsomething is another command
	}
	for j < len(text) && text[j] == ' ' {
		j++
	}
	if j < len(text) && text[j] == '{' {
		end := matchBraceWithin(text, j, j+1+MaxAnswerBytes)
		if end < 0 {
			return "", 0, false
		}
		return text[j+1 : end], end + 1, true
	}
	k := j
	for k < len(text) && k-j <= MaxAnswerBytes && !strings.ContainsRune(" \n\t$\\.,", rune(text[k])) {
		k++
	}
	if k == j || k-j > MaxAnswerBytes {
		return "", 0, false
	}
	return text[j:k], k, true
}

// matchBrace returns the index of the brace closing the one at open, or -1.
func matchBrace(s string, open int) int { return matchBraceWithin(s, open, len(s)) }

// matchBraceWithin is matchBrace looking no further than limit.
func matchBraceWithin(s string, open, limit int) int {
	depth := 0
	for i := open; i < len(s) && i <= limit; i++ {
		switch s[i] {
		case '\\':
			i++ // skip escaped characters such as \{ and \}
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return i
			}
		}
	}
	return -1
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }
