package answer

import (
	"regexp"
	"strings"
)

// wrapperReplacer rewrites LaTeX spellings that do not change an answer's meaning.
// Longer keys come first where one is a prefix of another (\left before \le).
var wrapperReplacer = strings.NewReplacer(
	`\\`, `\\`, `\left`, "", `\right`, "", `\bigl`, "", `\bigr`, "", `\Bigl`, "", `\Bigr`, "",
	`,\!`, "", `\!`, "", `\,`, " ", `\;`, " ", `\:`, " ", `\ `, " ", `~`, " ",
	`\qquad`, " ", `\quad`, " ", `\displaystyle`, "",
	`\dfrac`, `\frac`, `\tfrac`, `\frac`, `\cfrac`, `\frac`,
	`^{\circ}`, "", `^\circ`, "", `\circ`, "", `°`, "", `^{\prime}`, "'",
	`\%`, "%", `\$`, "", `$`, "", `\(`, "", `\)`, "", `\[`, "", `\]`, "",
	`{,}`, "", `{, }`, "", ")or(", "), (", ")and(", "), (", `\textbf{`, `\text{`, `\mbox{`, `\text{`, `\textnormal{`, `\text{`,
	`\mathrm{`, `\text{`, `\textrm{`, `\text{`, `\mathbf{`, `\text{`, `\textit{`, `\text{`,
	`\geqslant`, `\ge `, `\leqslant`, `\le `, `\geq`, `\ge `, `\leq`, `\le `, `>=`, `\ge `, `<=`, `\le `,
	`\gt`, ">", `\lt`, "<", `\neq`, `\ne `, `!=`, `\ne `, `≥`, `\ge `, `≤`, `\le `, `−`, "-",
	`\lbrace`, `\{`, `\rbrace`, `\}`, `\lvert`, "|", `\rvert`, "|", `\vert`, "|", `\mid`, "|",
	"\n", " ", "\t", " ",
)

var (
	spaceThousandsRe = regexp.MustCompile(`\b\d{1,3}( \d{3})+\b`)
	commaThousandsRe = regexp.MustCompile(`^[-+]?[1-9]\d{0,2}(,\d{3})+(\.\d+)?$`)
	textCmdRe        = regexp.MustCompile(`\\text\s*\{([^{}]*)\}`)
	spacesRe         = regexp.MustCompile(`\s+`)
)

// Clean strips LaTeX wrappers that do not change an answer: math delimiters, \left
// and \right, spacing commands, degree signs, \text{} braces, a trailing period, and
// thousands separators in plain numbers. It does not decide equivalence.
func Clean(s string) string {
	s = strings.TrimSpace(s)
	if isPlainNumber(s) {
		return s
	}
	s = spacesRe.ReplaceAllString(s, " ") // first, so Clean(Clean(s)) == Clean(s)
	if strings.Contains(s, `\\`) {
		s = undoubleBackslashes(s)
	}
	s = wrapperReplacer.Replace(s)
	if strings.Contains(s, `\text`) {
		s = textCmdRe.ReplaceAllString(s, " $1 ")
	}
	if strings.Contains(s, `\frac`) || strings.Contains(s, `\sqrt`) {
		s = braceShortArgs(s)
	}
	s = strings.TrimSpace(spacesRe.ReplaceAllString(s, " "))
	s = strings.TrimRight(s, ".")
	s = strings.TrimSpace(strings.TrimSuffix(s, `\`))
	if strings.IndexByte(s, ' ') > 0 {
		s = spaceThousandsRe.ReplaceAllStringFunc(s, func(m string) string { return strings.ReplaceAll(m, " ", "") })
	}
	if strings.IndexByte(s, ',') > 0 && commaThousandsRe.MatchString(s) {
		s = strings.ReplaceAll(s, ",", "")
	}
	return s
}

// undoubleBackslashes turns over-escaped commands (\\frac) into single ones while
// keeping \\ row separators that are not followed by a letter.
func undoubleBackslashes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+2 < len(s) && s[i+1] == '\\' && isLetter(s[i+2]) && (i == 0 || s[i-1] != '\\') {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// braceShortArgs rewrites \frac32, \frac3{4}, \sqrt3 and \sqrt 2 into braced form.
func braceShortArgs(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], `\frac`) && !followedByLetter(s, i+5):
			b.WriteString(`\frac`)
			i = copyArgs(&b, s, i+5, 2)
		case strings.HasPrefix(s[i:], `\sqrt`) && !followedByLetter(s, i+5):
			b.WriteString(`\sqrt`)
			j := i + 5
			if j < len(s) && s[j] == '[' {
				k := strings.IndexByte(s[j:], ']')
				if k > 0 {
					b.WriteString(s[j : j+k+1])
					j += k + 1
				}
			}
			i = copyArgs(&b, s, j, 1)
		default:
			b.WriteByte(s[i])
			i++
		}
	}
	return b.String()
}

func followedByLetter(s string, i int) bool { return i < len(s) && isLetter(s[i]) }

// copyArgs copies n arguments starting at i, bracing single-character ones.
func copyArgs(b *strings.Builder, s string, i, n int) int {
	for ; n > 0; n-- {
		for i < len(s) && s[i] == ' ' {
			i++
		}
		if i >= len(s) {
			return i
		}
		if s[i] == '{' {
			end := matchBrace(s, i)
			if end < 0 {
				b.WriteString(s[i:])
				return len(s)
			}
			b.WriteString(s[i : end+1])
			i = end + 1
			continue
		}
		if s[i] == '\\' { // \frac\pi2: a one-command argument
			j := i + 1
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			b.WriteString("{" + s[i:j] + "}")
			i = j
			continue
		}
		b.WriteString("{" + s[i:i+1] + "}")
		i++
	}
	return i
}
