package kaggle

import (
	"regexp"
	"slices"
	"testing"

	"github.com/aimo-dev/aimo/lang"
)

var pyMethod = regexp.MustCompile(`(?m)^    "([a-z_]+)": `)

// TestExportedVotingKnowsEveryMethod ties the notebook's METHODS table to the
// language's list, so an experiment can select no method the exported
// submission cannot run.
func TestExportedVotingKnowsEveryMethod(t *testing.T) {
	src, err := pySources.ReadFile("py/vote.py")
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range pyMethod.FindAllSubmatch(src, -1) {
		got = append(got, string(m[1]))
	}
	slices.Sort(got)
	if want := lang.VotingMethods; !slices.Equal(got, want) {
		t.Errorf("vote.py METHODS = %v, the language accepts %v", got, want)
	}
}
