package dataset

import (
	"strings"
	"unicode/utf8"
	"unsafe"

	"github.com/aimo-dev/aimo/internal/answer"
)

// Problem is one problem with its gold answer.
type Problem struct {
	ID       string
	Text     string
	Answer   string
	Solution string
	Subject  string
	Level    int    // 0 when unknown
	Source   string // "path:line" of the row it came from
}

// Set is a named list of problems in file order.
type Set struct {
	Name     string
	Problems []Problem
	Report   LoadReport
	// Integer says the gold answers are AIMO-format integers, reduced by Range;
	// graders must apply the same reduction to predictions.
	Integer bool
	Range   answer.Range
}

// LoadReport says what happened to every row read.
type LoadReport struct {
	Path       string
	Read, Kept int
	// Dropped counts problems left out, by reason (see the Drop constants).
	Dropped    map[string]int
	Duplicates []Duplicate
}

// Reasons a problem is left out of a set.
const (
	DropNoAnswer   = "no gold answer"
	DropNonInteger = "non-integer answer"
	DropOutOfRange = "answer out of range"
	DropLevel      = "level filter"
	DropSubject    = "subject filter"
	DropDuplicate  = "duplicate problem"
	DropLimit      = "limit"
)

// Duplicate is a problem whose normalised text repeats an earlier one; the
// earlier one is kept.
type Duplicate struct {
	ID, Source           string
	FirstID, FirstSource string
}

func (r *LoadReport) drop(reason string) {
	if r.Dropped == nil {
		r.Dropped = map[string]int{}
	}
	r.Dropped[reason]++
}

// NormText is the text duplicates are detected by: lower-cased, with every run
// of white space collapsed to one space.
func NormText(s string) string {
	// An ASCII text, most of them, is normalised in one pass, and not
	// copied when it is normal already; other texts take the long way.
	normal := true
	space := true // the byte before is a space, or there is none
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			return strings.Join(strings.Fields(strings.ToLower(s)), " ")
		case asciiSpace(c):
			normal = normal && c == ' ' && !space
			space = true
		default:
			normal = normal && (c < 'A' || c > 'Z')
			space = false
		}
	}
	if normal && (!space || s == "") {
		return s
	}
	b := make([]byte, 0, len(s))
	gap := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		if asciiSpace(c) {
			gap = len(b) > 0
			continue
		}
		if gap {
			b = append(b, ' ')
			gap = false
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	return unsafe.String(unsafe.SliceData(b), len(b)) // b is never written again
}

// asciiSpace is what strings.Fields splits an ASCII text at.
func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'
}

// Fill replaces the template placeholders {problem}, {solution}, {answer}
// and {subject} in one pass, so a brace pattern inside the problem text is
// never expanded again. It scans by hand: strings.NewReplacer costs more to
// build than a prompt costs to render.
func (p Problem) Fill(tmpl string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			b.WriteString(tmpl)
			return b.String()
		}
		b.WriteString(tmpl[:i])
		tmpl = tmpl[i:]
		name, value, ok := p.placeholder(tmpl)
		if !ok {
			b.WriteByte('{')
			tmpl = tmpl[1:]
			continue
		}
		b.WriteString(value)
		tmpl = tmpl[len(name):]
	}
}

func (p Problem) placeholder(s string) (name, value string, ok bool) {
	switch {
	case strings.HasPrefix(s, "{problem}"):
		return "{problem}", p.Text, true
	case strings.HasPrefix(s, "{solution}"):
		return "{solution}", p.Worked(), true
	case strings.HasPrefix(s, "{answer}"):
		return "{answer}", p.Answer, true
	case strings.HasPrefix(s, "{subject}"):
		return "{subject}", p.Subject, true
	}
	return "", "", false
}

// Worked is the worked solution, or for sets without solutions (AIMO CSVs)
// a one-line answer, so few-shot examples and training targets still end in
// the boxed answer graders look for.
func (p Problem) Worked() string {
	if p.Solution != "" {
		return p.Solution
	}
	return "The final answer is $\\boxed{" + p.Answer + "}$."
}

// IsInteger reports whether the gold answer normalises exactly to an integer.
func (p Problem) IsInteger() bool {
	_, ok := answer.Integer(p.Answer)
	return ok
}
