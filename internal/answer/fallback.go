package answer

import (
	"regexp"
	"strings"
)

var (
	programOutputRe = regexp.MustCompile("(?s)```output\\s*\n(.*?)```")
	gsm8kRe         = regexp.MustCompile(`####\s*([-+]?[\d,]*\.?\d+)`)
	answerColonRe   = regexp.MustCompile(`(?m)(?:^|[\s*])(?:A|Answer|ANSWER)\s*:[ \t]*(\S[^\n]*)`)
)

// runFallback applies the named extractor to text (the end of a model output, at
// most FallbackWindow bytes); unknown names find nothing.
func runFallback(name, text string) (string, bool) {
	switch name {
	case FallbackFinalAnswer:
		return finalAnswer(text)
	case FallbackGSM8K:
		return lastSubmatch(gsm8kRe, text)
	case FallbackAnswerColon:
		a, ok := lastSubmatch(answerColonRe, text)
		if !ok {
			return "", false
		}
		return sentenceAnswer(a), true
	case FallbackProgramOutput:
		a, ok := lastSubmatch(programOutputRe, text)
		return strings.TrimSpace(a), ok && strings.TrimSpace(a) != ""
	case FallbackLastMath:
		return lastMath(text)
	case FallbackLastNumber:
		start, end, ok := lastNumber(text)
		if !ok {
			return "", false
		}
		return strings.TrimRight(text[start:end], ","), true
	}
	return "", false
}

func lastSubmatch(re *regexp.Regexp, text string) (string, bool) {
	m := re.FindAllStringSubmatch(text, -1)
	if len(m) == 0 {
		return "", false
	}
	return m[len(m)-1][1], true
}

// finalAnswer reads the sentence after the last "answer is" (in any ASCII case).
func finalAnswer(text string) (string, bool) {
	i := lastIndexFold(text, "answer is")
	if i < 0 {
		return "", false
	}
	i += len("answer is")
	for i < len(text) && strings.IndexByte(":\t\n\f\r ", text[i]) >= 0 {
		i++
	}
	return sentenceAnswer(text[i:]), true
}

// lastIndexFold is strings.LastIndex ignoring ASCII case; lower is lower-case.
func lastIndexFold(s, lower string) int {
	for i := len(s) - len(lower); i >= 0; i-- {
		j := 0
		for j < len(lower) && s[i+j]|0x20 == lower[j] && (lower[j] != ' ' || s[i+j] == ' ') {
			j++
		}
		if j == len(lower) {
			return i
		}
	}
	return -1
}

// sentenceAnswer cuts an answer sentence at its end and prefers its LaTeX span.
func sentenceAnswer(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if t := strings.TrimSpace(s); strings.HasPrefix(t, "$") || strings.HasPrefix(t, `\(`) {
		if m, ok := lastLatex(s); ok {
			return m
		}
	}
	for _, stop := range []string{". ", "I hope", "<|"} {
		if i := strings.Index(s, stop); i >= 0 {
			s = s[:i]
		}
	}
	return strings.TrimSpace(s)
}

// lastMath returns the last LaTeX span or the last number, whichever ends later.
func lastMath(text string) (string, bool) {
	sp, spanOK := lastSpan(text)
	start, end, numOK := lastNumber(text)
	if numOK && (!spanOK || start >= sp.end) {
		return strings.TrimRight(text[start:end], ","), true
	}
	if !spanOK {
		return "", false
	}
	return text[sp.cs:sp.ce], true
}

// lastLatex returns the content of the last inline or display math span.
func lastLatex(text string) (string, bool) {
	sp, ok := lastSpan(text)
	if !ok {
		return "", false
	}
	return text[sp.cs:sp.ce], true
}

// lastNumber finds the last number in text as FindAll with the expression
//
//	-?\d+/\d+\b|-?\d[\d,]*(?:\.\d+)?|-?\.\d+
//
// would, without matching the whole text: every digit lies in some match, and a
// match lies within one run of the characters "0-9,./-", so the last match is the
// last one in the run that holds the last digit.
func lastNumber(text string) (start, end int, ok bool) {
	d := len(text) - 1
	for d >= 0 && !isDigit(text[d]) {
		d--
	}
	if d < 0 {
		return 0, 0, false
	}
	lo, hi := d, d+1
	for lo > 0 && isNumberRune(text[lo-1]) {
		lo--
	}
	for hi < len(text) && isNumberRune(text[hi]) {
		hi++
	}
	for i := lo; i < hi; {
		if e := numberAt(text, i); e > 0 {
			start, end, ok = i, e, true
			i = e
			continue
		}
		i++
	}
	return start, end, ok
}

// numberAt returns the end of the number that starts at i, or -1: the
// expression's three alternatives in order, each with its optional minus sign.
func numberAt(s string, i int) int {
	j := i
	if s[j] == '-' {
		j++
	}
	k := digitsEnd(s, j)
	if k > j && k < len(s) && s[k] == '/' {
		if m := digitsEnd(s, k+1); m > k+1 && (m == len(s) || !isWordByte(s[m])) {
			return m // 1/2, not followed by a letter
		}
	}
	if k > j {
		e := k
		for e < len(s) && (isDigit(s[e]) || s[e] == ',') {
			e++
		}
		if e+1 < len(s) && s[e] == '.' && isDigit(s[e+1]) {
			e = digitsEnd(s, e+1)
		}
		return e // 1,234.5
	}
	if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
		return digitsEnd(s, j+1) // .5
	}
	return -1
}

func digitsEnd(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

func isWordByte(c byte) bool { return isLetter(c) || isDigit(c) || c == '_' }

func isNumberRune(c byte) bool { return isDigit(c) || c == ',' || c == '.' || c == '/' || c == '-' }

// isFullText reports whether a prediction is model prose rather than a bare answer:
// it holds a box, or words outside math mode around a math span, or many words.
func isFullText(s string) bool {
	if strings.Contains(s, `\boxed`) || strings.Contains(s, `\fbox`) {
		return true
	}
	if len(s) > 200 {
		return true
	}
	outside := withoutSpans(s)
	hasMath := len(outside) != len(s)
	words := 0
	for _, w := range strings.Fields(outside) {
		if w == "and" || w == "or" {
			continue
		}
		if len(w) >= 2 && isLetter(w[0]) && isLetter(w[1]) {
			words++
		}
	}
	return words >= 4 || hasMath && words >= 1 && !strings.Contains(outside, `\text`)
}
