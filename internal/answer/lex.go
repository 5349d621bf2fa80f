package answer

import "strings"

// token kinds of the small LaTeX expression language.
const (
	tNum  = 'n' // a decimal literal
	tVar  = 'v' // a one-letter variable
	tCmd  = 'c' // a backslash command such as \frac or \pi
	tSym  = 's' // a single punctuation character
	tWord = 'w' // a plain function name written without a backslash (sin, ln)
)

type token struct {
	kind byte
	text string
}

var plainFuncs = []string{"sqrt", "sin", "cos", "tan", "sec", "csc", "cot", "ln", "log", "exp", "arcsin", "arccos", "arctan"}

// lex splits s into tokens; ok is false for characters the parser cannot use.
func lex(s string) ([]token, bool) {
	toks := make([]token, 0, len(s)/2+1)
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ':
			i++
		case isDigit(c) || c == '.' && i+1 < len(s) && isDigit(s[i+1]):
			j := i
			for j < len(s) && (isDigit(s[j]) || s[j] == '.') {
				j++
			}
			toks = append(toks, token{tNum, s[i:j]})
			i = j
		case c == '\\':
			j := i + 1
			for j < len(s) && isLetter(s[j]) {
				j++
			}
			if j == i+1 && j < len(s) {
				j++ // \{ \} \| and friends
			}
			toks = append(toks, token{tCmd, s[i:j]})
			i = j
		case isLetter(c):
			if w := plainFunc(s[i:]); w != "" {
				toks = append(toks, token{tWord, w})
				i += len(w)
				continue
			}
			if i+2 < len(s) && isLetter(s[i+1]) && isLetter(s[i+2]) {
				return nil, false // a word such as "meters" is not a product of variables
			}
			toks = append(toks, token{tVar, s[i : i+1]})
			i++
		case strings.IndexByte("+-*/^_()[]{}|!,=<>:;'", c) >= 0:
			toks = append(toks, token{tSym, s[i : i+1]})
			i++
		default:
			return nil, false
		}
	}
	return toks, true
}

func plainFunc(s string) string {
	for _, f := range plainFuncs {
		if strings.HasPrefix(s, f) && (len(s) == len(f) || !isLetter(s[len(f)])) {
			return f
		}
	}
	return ""
}
