package budget

import (
	"sort"
	"testing"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// aimo3Dir returns the recorded AIMO3 generations or skips the test.
func aimo3Dir(t testing.TB) string {
	return testkit.SharedData(t, "generations_aimo3_eval")
}

type aimo3Row struct {
	ProblemID   string  `json:"problem_id"`
	AttemptID   int     `json:"attempt_id"`
	GroundTruth string  `json:"ground_truth"`
	Final       string  `json:"final_content"`
	TimeS       float64 `json:"time_s"`
	Tokens      int     `json:"total_tokens"`
}

// aimo3Problems grades one recorded run straight from its JSONL file, as the
// CLI grades cached samples: last \boxed{} and fallbacks, then 0-99999.
func aimo3Problems(t testing.TB, path string) []Problem {
	byID := map[string][]aimo3Row{}
	for _, r := range testkit.ReadJSONL[aimo3Row](t, path) {
		byID[r.ProblemID] = append(byID[r.ProblemID], r)
	}
	set := &dataset.Set{Name: "aimo3", Integer: true, Range: answer.Range{Lo: 0, Hi: 99999}}
	var ids []string
	for id := range byID {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var out []Problem
	for _, id := range ids {
		rows := byID[id]
		sort.Slice(rows, func(i, j int) bool { return rows[i].AttemptID < rows[j].AttemptID })
		p := Problem{ID: id, GoldKey: rows[0].GroundTruth}
		for _, r := range rows {
			a := Attempt{TimeS: r.TimeS, Tokens: r.Tokens}
			if text, ok := answer.Extract(r.Final, answer.Options{}); ok {
				a.Key = Key(set, r.GroundTruth, text)
				a.Correct = a.Key == p.GoldKey
			}
			p.Attempts = append(p.Attempts, a)
		}
		out = append(out, p)
	}
	return out
}
