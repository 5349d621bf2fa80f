package answer

import "strings"

// lastBoxedGroup returns the last box, joined with the boxes just before it when only
// connectors separate them ("\boxed{1}, \boxed{2} and \boxed{3}" is the answer
// the set "\{1, 2, 3\}"). Repeated identical boxes collapse to one, so a restated final answer
// stays a single answer. Joining stops before the contents pass MaxAnswerBytes.
func lastBoxedGroup(text string) (string, bool) {
	s := boxScanner{text: text}
	start, _, content, ok := s.last(len(text))
	if !ok {
		return "", false
	}
	parts, size := []string{content}, len(content)
	for {
		st, a, c, ok := s.last(start)
		if !ok || a > start || !onlyConnectors(text[a:start]) || size+len(c) > MaxAnswerBytes {
			break
		}
		parts = append(parts, c)
		size += len(c)
		start = st
	}
	if len(parts) == 1 {
		return content, true
	}
	return joinDistinct(parts), true
}

// joinDistinct joins box contents in reading order, dropping exact repeats.
func joinDistinct(rev []string) string {
	var out []string
	seen := map[string]bool{}
	for i := len(rev) - 1; i >= 0; i-- {
		k := strings.TrimSpace(rev[i])
		if !seen[k] {
			seen[k] = true
			out = append(out, k)
		}
	}
	if len(out) == 1 {
		return out[0]
	}
	return `\{` + strings.Join(out, ", ") + `\}`
}

var connectorReplacer = strings.NewReplacer(
	`\text{and}`, "", `\text{ and }`, "", `\text{or}`, "", `\text{ or }`, "",
	`\quad`, "", `\qquad`, "", `\(`, "", `\)`, "", `\[`, "", `\]`, "", `\,`, "", `\ `, "",
	"$", "", ",", "", ";", "", "and", "", "or", "", "\\\\", "", "&", "",
)

// onlyConnectors reports whether sep holds nothing but separators between answers.
func onlyConnectors(sep string) bool {
	if len(sep) > 40 {
		return false
	}
	rest := strings.TrimSpace(connectorReplacer.Replace(textCmdRe.ReplaceAllString(sep, "$1")))
	if rest == "" {
		return true
	}
	// "\boxed{1} papers and \boxed{2} bins" lists two answers; "Wait, no:" does not.
	return len(strings.Fields(rest)) <= 4 && strings.Contains(" "+sep+" ", " and ")
}
