package answer

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
)

// The scanners replace regular expressions that were quadratic or slow on hostile
// text; these tests hold them to the expressions' exact results (which the
// notebook's Python still uses where its engine is fast enough).
var (
	latexSpanRe   = regexp.MustCompile(`(?s)\$\$(.+?)\$\$|\\\[(.+?)\\\]|\\\((.+?)\\\)|\$((?:[^$\\]|\\.)+?)\$`)
	numberRe      = regexp.MustCompile(`-?\d+/\d+\b|-?\d[\d,]*(?:\.\d+)?|-?\.\d+`)
	finalAnswerRe = regexp.MustCompile(`(?i)answer is`)
)

// randomTexts joins up to maxLen pieces drawn from pieces, n times, with a fixed seed.
func randomTexts(n, maxLen int, pieces ...string) []string {
	r := rand.New(rand.NewPCG(1, 2))
	out := make([]string, n)
	for i := range out {
		var b strings.Builder
		for range r.IntN(maxLen + 1) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		out[i] = b.String()
	}
	return out
}

func TestSpanScannerMatchesExpression(t *testing.T) {
	for _, s := range randomTexts(50_000, 24, "$", `\`, "[", "]", "(", ")", "x", " ") {
		var got [][]int
		sc := spanScanner{text: s}
		for sp, ok := sc.next(); ok; sp, ok = sc.next() {
			got = append(got, []int{sp.start, sp.end, sp.cs, sp.ce})
		}
		var want [][]int
		for _, m := range latexSpanRe.FindAllStringSubmatchIndex(s, -1) {
			for g := 2; g < len(m); g += 2 {
				if m[g] >= 0 {
					want = append(want, []int{m[0], m[1], m[g], m[g+1]})
					break
				}
			}
		}
		if !equalSpans(got, want) {
			t.Fatalf("spans of %q: scanner %v, expression %v", s, got, want)
		}
	}
}

func equalSpans(a, b [][]int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				return false
			}
		}
	}
	return true
}

func TestLastNumberMatchesExpression(t *testing.T) {
	for _, s := range randomTexts(50_000, 16, "0", "1", "-", ".", "/", ",", "a", "_", " ") {
		start, end, ok := lastNumber(s)
		m := numberRe.FindAllStringIndex(s, -1)
		if ok != (len(m) > 0) || ok && (start != m[len(m)-1][0] || end != m[len(m)-1][1]) {
			t.Fatalf("last number of %q: scanner %d:%d %v, expression %v", s, start, end, ok, m)
		}
	}
}

func TestFinalAnswerMatchesExpression(t *testing.T) {
	for _, s := range randomTexts(50_000, 8, "answer", "ANSWER", "Answer", "answe", " ", "is", "IS", "iS", "s", ":", "\n", "\x00") {
		want := -1
		if m := finalAnswerRe.FindAllStringIndex(s, -1); len(m) > 0 {
			want = m[len(m)-1][0]
		}
		if got := lastIndexFold(s, "answer is"); got != want {
			t.Fatalf("lastIndexFold(%q) = %d, expression %d", s, got, want)
		}
	}
}
