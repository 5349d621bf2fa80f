package vote

import (
	"slices"
	"testing"

	"github.com/aimo-dev/aimo/lang"
)

// TestEngineImplementsTheLanguage: the methods Vote implements are exactly
// the names voting.method accepts, so a validated experiment never asks for
// a method the engine lacks.
func TestEngineImplementsTheLanguage(t *testing.T) {
	if got := Methods(); !slices.Equal(got, lang.VotingMethods) {
		t.Errorf("the engine implements %v; the language accepts %v", got, lang.VotingMethods)
	}
	for _, m := range lang.VotingMethods {
		if _, err := Vote(m, []Sample{{Index: 0, Key: "1", Valid: true}}, Options{}); err != nil {
			t.Errorf("Vote(%s): %v", m, err)
		}
	}
}
