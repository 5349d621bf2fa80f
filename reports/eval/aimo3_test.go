package eval

import (
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// aimo3Runs are the recorded runs, the maj@8 counts (of 10 problems) their
// SOURCE.md reports from the repository's own extracted answers, and ours.
//
// Two rules explain every difference. The repository voted over attempts in
// the order they finished (time_s), not attempt_id order, which decides the
// 3-3 ties on problem 641659 of both gpt-oss-120b runs; so the samples here
// are put in completion order, as a notebook would have seen them. And the
// repository counts a failed extraction as a candidate answer "None": in the
// tool run 201411, problem 641659 has seven attempts without an answer and
// one right one, so "None" wins there (7/10) while aimo lets them abstain and
// the right answer wins (8/10).
var aimo3Runs = []struct {
	file       string
	source, us int
}{
	{"local_gpt-oss-120b_20260111", 6, 6},
	{"local_gpt-oss-120b_20260111_171355", 6, 6},
	{"local_gpt-oss-20b_20260111_004206", 6, 6},
	{"remote_deepseek-reasoner_20260109_201411", 7, 8},
	{"remote_deepseek-reasoner_20260110_180932", 8, 8},
}

type aimo3Row struct {
	ProblemID   string  `json:"problem_id"`
	AttemptID   int     `json:"attempt_id"`
	Problem     string  `json:"problem"`
	GroundTruth string  `json:"ground_truth"`
	Final       string  `json:"final_content"`
	TimeS       float64 `json:"time_s"`
}

// TestAIMO3MajorityMatchesSource votes each run's 8 attempts per problem,
// grading the final message with the AIMO3 integer range, and compares the
// maj@8 count with SOURCE.md's.
func TestAIMO3MajorityMatchesSource(t *testing.T) {
	dir := testkit.SharedData(t, "generations_aimo3_eval")
	if _, err := os.Stat(dir); err != nil {
		t.Skip("../shared/data not present: generations_aimo3_eval is not shipped with aimo")
	}
	e := &lang.Experiment{Name: "aimo3", Samples: 8, Evaluate: []string{"aimo3"},
		Voting: lang.Voting{Method: []string{"majority"}, K: []int{8}, EarlyStop: []int{0}}}
	set := &dataset.Set{Name: "aimo3", Integer: true, Range: answer.Range{Lo: 0, Hi: 99999}}
	p := &runner.Plan{Sets: []runner.SetCount{{Name: "aimo3", Problems: 10}}}
	var samples []runner.ItemSamples
	for ci, run := range aimo3Runs {
		rows := readAIMO3(t, filepath.Join(dir, run.file+".jsonl"))
		p.Cells = append(p.Cells, runner.Cell{Name: run.file, Samples: 8})
		if ci == 0 {
			for _, id := range sortedIDs(rows) {
				r := rows[id][0]
				set.Problems = append(set.Problems, dataset.Problem{ID: id, Text: r.Problem, Answer: r.GroundTruth})
			}
		}
		for _, prob := range set.Problems {
			samples = append(samples, aimo3Item(ci, prob, rows[prob.ID]))
		}
	}
	r, err := Evaluate(e, p, dataset.NewCatalog(set), samples)
	if err != nil {
		t.Fatal(err)
	}
	for _, run := range aimo3Runs {
		got := 0
		for _, en := range r.Grid {
			if en.Cell == run.file {
				got = en.Correct
			}
		}
		t.Logf("%s: maj@8 %d/10 (SOURCE.md %d/10)", run.file, got, run.source)
		if got != run.us {
			t.Errorf("%s: maj@8 = %d of 10, want %d (SOURCE.md: %d)", run.file, got, run.us, run.source)
		}
	}
}

func readAIMO3(t *testing.T, path string) map[string][]aimo3Row {
	out := map[string][]aimo3Row{}
	for _, r := range testkit.ReadJSONL[aimo3Row](t, path) {
		out[r.ProblemID] = append(out[r.ProblemID], r)
	}
	return out
}

func sortedIDs(m map[string][]aimo3Row) []string {
	ids := make([]string, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// aimo3Item puts a problem's attempts in the order they finished.
func aimo3Item(cell int, prob dataset.Problem, rows []aimo3Row) runner.ItemSamples {
	rows = append([]aimo3Row(nil), rows...)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].TimeS < rows[j].TimeS })
	it := &runner.Item{Cell: cell, Set: "aimo3", Problem: prob, Keys: make([]string, len(rows))}
	is := runner.ItemSamples{Item: it, Samples: make([]*cache.Row, len(rows))}
	for s, r := range rows {
		is.Samples[s] = &cache.Row{Problem: prob.ID, Sample: s, Completion: backends.Completion{Text: r.Final, LatencyS: r.TimeS}}
	}
	return is
}
