package answer

import (
	"testing"
)

func checkDisagreements(t *testing.T, missed []equivCase) {
	for _, c := range missed {
		t.Log("DISAGREE " + caseLine(c))
	}
}
