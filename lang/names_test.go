package lang

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/internal/testkit"
)

// fallbackTexts holds, per fallback, a text only that extractor reads an
// answer from, and the answer.
var fallbackTexts = map[string][2]string{
	answer.FallbackFinalAnswer:   {"So the final answer is 12. I hope it is correct.", "12"},
	answer.FallbackGSM8K:         {"She pays 4 + 8 = 12 dollars.\n#### 12", "12"},
	answer.FallbackAnswerColon:   {"Working done.\nAnswer: 12", "12"},
	answer.FallbackLastNumber:    {"after all that we are left with 12 apples", "12"},
	answer.FallbackLastMath:      {"after all that we are left with $x+1$", "x+1"},
	answer.FallbackProgramOutput: {"```python\nprint(12)\n```\n```output\n12\n```", "12"},
}

// TestLanguageAcceptsExactlyTheEnginesNames ties the names an experiment may
// write to the code that runs them: every fallback the language accepts
// extracts, and docs/language.md lists exactly the accepted names. (The
// voting engine is tied to VotingMethods by reports/vote's
// TestEngineImplementsTheLanguage.)
func TestLanguageAcceptsExactlyTheEnginesNames(t *testing.T) {
	for _, f := range FallbackNames {
		tc, ok := fallbackTexts[f]
		if !ok {
			t.Errorf("fallback %q has no test text", f)
			continue
		}
		got, ok := answer.Extract(tc[0], answer.Options{Fallbacks: []string{f}})
		if !ok || got != tc[1] {
			t.Errorf("fallback %q read %q (found %v) from %q, want %q", f, got, ok, tc[0], tc[1])
		}
	}
	if len(fallbackTexts) != len(FallbackNames) {
		t.Errorf("%d fallback texts for %d fallbacks", len(fallbackTexts), len(FallbackNames))
	}
	doc := readDoc(t)
	if got := docMethods(doc); !slices.Equal(got, VotingMethods) {
		t.Errorf("docs/language.md defines voting methods %v, the engine has %v", got, VotingMethods)
	}
	if got := docFallbacks(doc); !slices.Equal(got, FallbackNames) {
		t.Errorf("docs/language.md lists fallbacks %v, the extractor has %v", got, FallbackNames)
	}
}

func TestUnknownVotingMethodIsRefused(t *testing.T) {
	e := &Experiment{Voting: Voting{Method: []string{"majority", "unanimus"}}, Samples: 1}
	c := &checker{}
	c.voting(e)
	if len(c.errs) != 1 || !strings.Contains(c.errs[0].Error(), `did you mean "unanimous"`) {
		t.Errorf("errors %v, want one for voting.method[1] suggesting unanimous", c.errs)
	}
}

func readDoc(t *testing.T) string {
	b, err := os.ReadFile(filepath.Join(testkit.RepoRoot(t), "docs", "language.md"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

var (
	methodRow = regexp.MustCompile("(?m)^\\| `([a-z_]+)` \\|")
	backticks = regexp.MustCompile("`([a-z_0-9]+)`")
)

// docMethods reads the method table of the Voting section, sorted.
func docMethods(doc string) []string {
	start := strings.Index(doc, "### Voting")
	end := strings.Index(doc[start:], "\n## ")
	var out []string
	for _, m := range methodRow.FindAllStringSubmatch(doc[start:start+end], -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return out
}

// docFallbacks reads the grading row of the field table, in order.
func docFallbacks(doc string) []string {
	for _, line := range strings.Split(doc, "\n") {
		if !strings.HasPrefix(line, "| `grading` |") {
			continue
		}
		var out []string
		for _, m := range backticks.FindAllStringSubmatch(line, -1) {
			if m[1] != "grading" && m[1] != "fallbacks" {
				out = append(out, m[1])
			}
		}
		return out
	}
	return nil
}
