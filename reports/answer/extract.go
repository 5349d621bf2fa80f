package answer

import (
	"strings"
)

// Extract returns the final answer in text: the last \boxed{} (or \fbox{}, or
// "\boxed 5"), else the first declared fallback that finds something. The answer is
// cleaned of LaTeX wrappers (see Clean).
func Extract(text string, opts Options) (string, bool) {
	if a, ok := lastBoxedGroup(text); ok {
		a = Clean(a)
		return a, a != ""
	}
	for _, name := range opts.fallbacks() {
		if a, ok := runFallback(name, text); ok {
			if a = Clean(a); a != "" {
				return a, true
			}
		}
	}
	return "", false
}

// SolutionAnswer returns the answer of a MATH dataset solution: its last \boxed{}.
func SolutionAnswer(solution string) (string, bool) {
	_, _, content, ok := lastBoxed(solution, len(solution))
	if !ok {
		return "", false
	}
	return content, true
}

// lastBoxed finds the last well-formed box that starts before end. It returns the
// position of the command, the position just after the box, and the content.
func lastBoxed(text string, end int) (start, after int, content string, ok bool) {
	for end > 0 {
		i := lastBoxCommand(text[:end])
		if i < 0 {
			return 0, 0, "", false
		}
		if c, a, good := boxContent(text, i); good {
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
// braces, or the next space-delimited token ("\boxed 5").
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
		end := matchBrace(text, j)
		if end < 0 {
			return "", 0, false
		}
		return text[j+1 : end], end + 1, true
	}
	k := j
	for k < len(text) && !strings.ContainsRune(" \n\t$\\.,", rune(text[k])) {
		k++
	}
	if k == j {
		return "", 0, false
	}
	return text[j:k], k, true
}

// matchBrace returns the index of the brace closing the one at open, or -1.
func matchBrace(s string, open int) int {
	depth := 0
	for i := open; i < len(s); i++ {
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
