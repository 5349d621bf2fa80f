package answer

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

type equivCase struct {
	CaseID      int    `json:"case_id"`
	SourceRepo  string `json:"source_repo"`
	Gold        any    `json:"gold"`
	Prediction  any    `json:"prediction"`
	Expected    bool   `json:"expected_equal"`
	FullText    *bool  `json:"prediction_is_full_text"`
	DuplicateOf *int   `json:"duplicate_of_case_id"`
}

// bothExtracted are the options for Math-Verify-style rows, where gold and
// prediction both go through extraction: a bare LaTeX span counts as an answer.
var bothExtracted = Options{Fallbacks: []string{FallbackFinalAnswer, FallbackLastMath}}

// judge applies our grader the way the source test applies its own.
func judge(c equivCase) bool {
	gold, pred := text(c.Gold), text(c.Prediction)
	if c.FullText == nil {
		return Grade(gold, pred, bothExtracted).Equal
	}
	return Equal(gold, pred)
}

// floors are the agreement rates below which the grader is considered broken.
var floors = map[string]float64{
	"huggingface/Math-Verify": 0.95,
	"NVIDIA/NeMo-Skills":      0.95,
	"hendrycks/math":          0.95,
}

func TestEquivalenceCases(t *testing.T) {
	rows := testkit.ReadJSONL[equivCase](t, testkit.SharedData(t, "grader_tests/equivalence_cases.jsonl"))
	agree, total := map[string]int{}, map[string]int{}
	var missed []disagreement
	for _, c := range rows {
		if c.DuplicateOf != nil {
			continue
		}
		total[c.SourceRepo]++
		if judge(c) == c.Expected {
			agree[c.SourceRepo]++
		} else {
			missed = append(missed, disagreement{strconvItoa(c.CaseID), c.SourceRepo, text(c.Gold), text(c.Prediction), strconv.FormatBool(c.Expected)})
		}
	}
	repos := make([]string, 0, len(total))
	for r := range total {
		repos = append(repos, r)
	}
	sort.Strings(repos)
	for _, r := range repos {
		rate := float64(agree[r]) / float64(total[r])
		t.Logf("%-32s %3d/%3d = %5.1f%%", r, agree[r], total[r], 100*rate)
		if f, ok := floors[r]; ok && rate < f {
			t.Errorf("%s: agreement %.1f%% below the %.0f%% floor", r, 100*rate, 100*f)
		}
	}
	missed = append(missed, aimo2Cases(t)...)
	checkDisagreements(t, missed)
}

type aimo2Case struct {
	Kind     string `json:"kind"`
	Line     int    `json:"source_line"`
	Input    string `json:"input"`
	Expected any    `json:"expected"`
}

// aimo2Cases runs the AIMO2 solution's boxed-extraction and integer-mod-1000 cases
// (boxed answers only, no fallbacks) and returns the disagreements.
func aimo2Cases(t *testing.T) []disagreement {
	rows := testkit.ReadJSONL[aimo2Case](t, testkit.SharedData(t, "grader_tests/extraction_and_int_cases_aimo2.jsonl"))
	var missed []disagreement
	agree := 0
	for _, c := range rows {
		var got string
		var ok bool
		if c.Kind == "boxed_extraction" {
			got, ok = Extract(c.Input, Options{Fallbacks: []string{}})
			if ok {
				got = strconv.Quote(got)
			}
		} else {
			var n int64
			n, ok = Range{Lo: 0, Hi: 999, Modulus: 1000}.Parse(c.Input)
			got = strconv.FormatInt(n, 10)
		}
		if !ok {
			got = "null"
		}
		want := "null"
		switch v := c.Expected.(type) {
		case string:
			want = strconv.Quote(Clean(v))
		case float64:
			want = strconv.FormatFloat(v, 'f', -1, 64)
		}
		if got == want {
			agree++
			continue
		}
		missed = append(missed, disagreement{"aimo2:" + strconvItoa(c.Line), "evanarlian/kaggle-aimo2", c.Input, got, want})
	}
	t.Logf("%-32s %3d/%3d = %5.1f%%", "evanarlian/kaggle-aimo2", agree, len(rows), 100*float64(agree)/float64(len(rows)))
	return missed
}

func short(s string, n int) string {
	s = strings.ReplaceAll(s, "\n", " ")
	if len(s) > n {
		return s[:n/2] + " … " + s[len(s)-n/2:]
	}
	return s
}

func caseLine(c equivCase) string {
	return fmt.Sprintf("%d | %s | `%s` | `%s` | %v", c.CaseID, c.SourceRepo, short(text(c.Gold), 60), short(text(c.Prediction), 60), c.Expected)
}
