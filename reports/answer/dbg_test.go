package answer

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestDebugCase(t *testing.T) {
	ids := os.Getenv("CASES")
	if ids == "" {
		t.Skip()
	}
	rows := readJSONL[equivCase](t, sharedData(t, "grader_tests/equivalence_cases.jsonl"))
	for _, id := range strings.Split(ids, ",") {
		n, _ := strconv.Atoi(id)
		for _, c := range rows {
			if c.CaseID == n {
				r := Grade(text(c.Gold), text(c.Prediction), bothExtracted)
				t.Logf("%d gold=%q ext=%q eq=%v", n, r.GoldNormalized, r.Extracted, r.Equal)
			}
		}
	}
}
