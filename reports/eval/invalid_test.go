package eval

import (
	"math"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/lang"
)

// TestDecimalsOnAnIntegerSetAreNotMissingAnswers pins what GSM8K users saw:
// an answer such as 10.95 is extracted (aimo show prints it), but it is not
// an integer, so it abstains. It must be counted as invalid, not as a sample
// without an extractable answer, and the footnote must not send the user to
// grading.fallbacks.
func TestDecimalsOnAnIntegerSetAreNotMissingAnswers(t *testing.T) {
	answers := [][]string{{"10.95", "18"}, {"7.5", ""}, {"3", "3"}, {"4", "4"}, {"5", "5"}}
	s := tinySweep(answers, []string{"18", "7", "3", "4", "5"}, nil, lang.Voting{Method: []string{"majority"}, K: []int{2}, EarlyStop: []int{0}})
	set, err := s.cat.Set("s")
	if err != nil {
		t.Fatal(err)
	}
	set.Integer, set.Range = true, answer.Range{Lo: math.MinInt64, Hi: math.MaxInt64}
	r := s.evaluate(t)
	p := r.Pools[0]
	if p.NoAnswer != 1 || p.Invalid != 2 {
		t.Errorf("no_answer %d, invalid %d; want 1 (the sample with no \\boxed{}) and 2 (10.95, 7.5)", p.NoAnswer, p.Invalid)
	}
	var codes []string
	for _, f := range r.Footnotes {
		codes = append(codes, f.Code)
		if f.Code == CodeNoAnswer {
			t.Errorf("footnote %q blames extraction for answers that were extracted", f.Text)
		}
		if f.Code == CodeInvalid && !strings.Contains(f.Text, "not integers") {
			t.Errorf("footnote %q does not say the answers are not integers", f.Text)
		}
	}
	if !strings.Contains(strings.Join(codes, " "), CodeInvalid) {
		t.Errorf("footnotes %v lack %s", codes, CodeInvalid)
	}
}
