package kaggle

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

func needPython(t testing.TB) string {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 not found: the exported code cannot be run")
	}
	return py
}

// recorded is one problem's recorded completions, from any shipped source.
type recorded struct {
	ID      string
	Problem string
	Gold    string
	Texts   []string
	TimeS   []float64
}

// replaySources loads the shipped replay data and, when present, the AIMO3
// generations: every problem with its recorded texts.
func replaySources(t testing.TB) map[string][]recorded {
	root := testkit.RepoRoot(t)
	out := map[string][]recorded{}
	type qwen struct {
		Idx      int      `json:"idx"`
		Question string   `json:"question"`
		Gt       string   `json:"gt"`
		Code     []string `json:"code"`
	}
	for _, r := range testkit.ReadJSONL[qwen](t, filepath.Join(root, "experiments/data/qwen25math/math_cot_100.jsonl")) {
		out["qwen25math"] = append(out["qwen25math"], recorded{ID: "q" + itoa(r.Idx), Problem: r.Question, Gold: r.Gt, Texts: r.Code})
	}
	variants := []string{"6b_finetuning", "6b_verification", "175b_finetuning", "175b_verification"}
	for i, raw := range testkit.ReadJSONL[map[string]json.RawMessage](t, filepath.Join(root, "experiments/data/gsm8k/example_model_solutions.jsonl")) {
		var q string
		json.Unmarshal(raw["question"], &q)
		rec := recorded{ID: "g" + itoa(i), Problem: q}
		for _, v := range variants {
			var sol struct {
				Solution string `json:"solution"`
			}
			json.Unmarshal(raw[v], &sol)
			rec.Texts = append(rec.Texts, sol.Solution)
		}
		out["gsm8k"] = append(out["gsm8k"], rec)
	}
	for run, recs := range aimo3Sources(t) {
		out[run] = recs
	}
	return out
}

// aimo3Runs are the recorded AIMO3 runs read when ../shared/data is present.
var aimo3Runs = []string{"local_gpt-oss-120b_20260111", "local_gpt-oss-120b_20260111_171355", "local_gpt-oss-20b_20260111_004206",
	"remote_deepseek-reasoner_20260109_201411", "remote_deepseek-reasoner_20260110_180932"}

func aimo3Sources(t testing.TB) map[string][]recorded {
	dir := filepath.Join(testkit.RepoRoot(t), "..", "shared", "data", "generations_aimo3_eval")
	if _, err := os.Stat(dir); err != nil {
		t.Log("../shared/data not present: AIMO3 generations left out")
		return nil
	}
	type row struct {
		ProblemID   string  `json:"problem_id"`
		AttemptID   int     `json:"attempt_id"`
		Problem     string  `json:"problem"`
		GroundTruth string  `json:"ground_truth"`
		Final       string  `json:"final_content"`
		TimeS       float64 `json:"time_s"`
	}
	out := map[string][]recorded{}
	for _, run := range aimo3Runs {
		byID := map[string]int{}
		var recs []recorded
		for _, r := range testkit.ReadJSONL[row](t, filepath.Join(dir, run+".jsonl")) {
			i, ok := byID[r.ProblemID]
			if !ok {
				i = len(recs)
				byID[r.ProblemID] = i
				recs = append(recs, recorded{ID: r.ProblemID, Problem: r.Problem, Gold: r.GroundTruth})
			}
			recs[i].Texts = append(recs[i].Texts, r.Final)
			recs[i].TimeS = append(recs[i].TimeS, r.TimeS)
		}
		out[run] = recs
	}
	return out
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
