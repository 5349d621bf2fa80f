package answer

import (
	"regexp"
	"strings"
)

var (
	finalAnswerRe   = regexp.MustCompile(`(?i)answer is[:\s]*`)
	programOutputRe = regexp.MustCompile("(?s)```output\\s*\n(.*?)```")
	gsm8kRe         = regexp.MustCompile(`####\s*([-+]?[\d,]*\.?\d+)`)
	answerColonRe   = regexp.MustCompile(`(?m)(?:^|[\s*])(?:A|Answer|ANSWER)\s*:[ \t]*(\S[^\n]*)`)
	numberRe        = regexp.MustCompile(`-?\d+/\d+\b|-?\d[\d,]*(?:\.\d+)?|-?\.\d+`)
	latexSpanRe     = regexp.MustCompile(`(?s)\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|\$((?:[^$\\]|\\.)+?)\$`)
)

// runFallback applies the named extractor; unknown names find nothing.
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
		m := numberRe.FindAllString(text, -1)
		if len(m) == 0 {
			return "", false
		}
		return strings.TrimRight(m[len(m)-1], ","), true
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

// finalAnswer reads the sentence after the last "answer is".
func finalAnswer(text string) (string, bool) {
	locs := finalAnswerRe.FindAllStringIndex(text, -1)
	if len(locs) == 0 {
		return "", false
	}
	return sentenceAnswer(text[locs[len(locs)-1][1]:]), true
}

// sentenceAnswer cuts an answer sentence at its end and prefers its LaTeX span.
func sentenceAnswer(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if m, ok := lastLatex(s); ok && strings.HasPrefix(strings.TrimSpace(s), "$") || ok && strings.HasPrefix(strings.TrimSpace(s), `\(`) {
		return m
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
	span := latexSpanRe.FindAllStringSubmatchIndex(text, -1)
	num := numberRe.FindAllStringIndex(text, -1)
	if len(num) > 0 && (len(span) == 0 || num[len(num)-1][0] >= span[len(span)-1][1]) {
		return strings.TrimRight(text[num[len(num)-1][0]:num[len(num)-1][1]], ","), true
	}
	if len(span) == 0 {
		return "", false
	}
	m := span[len(span)-1]
	for g := 2; g < len(m); g += 2 {
		if m[g] >= 0 {
			return text[m[g]:m[g+1]], true
		}
	}
	return "", false
}

// lastLatex returns the content of the last inline or display math span.
func lastLatex(text string) (string, bool) {
	m := latexSpanRe.FindAllStringSubmatch(text, -1)
	if len(m) == 0 {
		return "", false
	}
	for _, g := range m[len(m)-1][1:] {
		if g != "" {
			return g, true
		}
	}
	return "", false
}

// isFullText reports whether a prediction is model prose rather than a bare answer:
// it holds a box, or words outside math mode around a math span, or many words.
func isFullText(s string) bool {
	if strings.Contains(s, `\boxed`) || strings.Contains(s, `\fbox`) {
		return true
	}
	if len(s) > 200 {
		return true
	}
	outside := latexSpanRe.ReplaceAllString(s, " ")
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
