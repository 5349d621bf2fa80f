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
// Texts are the final messages; the AIMO3 runs also have each attempt's
// reasoning and whether it was cut off before its final message.
type recorded struct {
	ID         string
	Problem    string
	Gold       string
	Texts      []string
	TimeS      []float64
	Reasonings []string
	Truncated  []bool
}

// harmony is attempt i as gpt-oss writes it when vLLM keeps the special
// tokens: the analysis channel, then (unless it was cut off) the final one.
func (r recorded) harmony(i int) (text, finish string) {
	text = "<|channel|>analysis<|message|>" + r.Reasonings[i]
	if r.Truncated[i] {
		return text, "length"
	}
	return text + "<|end|><|start|>assistant<|channel|>final<|message|>" + r.Texts[i] + "<|return|>", "stop"
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
	dir := sharedData(t, "generations_aimo3_eval")
	if dir == "" {
		t.Log("../shared/data not present: AIMO3 generations left out")
		return nil
	}
	type row struct {
		ProblemID   string  `json:"problem_id"`
		AttemptID   int     `json:"attempt_id"`
		Problem     string  `json:"problem"`
		GroundTruth string  `json:"ground_truth"`
		Final       *string `json:"final_content"`
		Reasoning   *string `json:"final_reasoning"`
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
			recs[i].Texts = append(recs[i].Texts, deref(r.Final))
			recs[i].Reasonings = append(recs[i].Reasonings, deref(r.Reasoning))
			recs[i].Truncated = append(recs[i].Truncated, r.Final == nil)
			recs[i].TimeS = append(recs[i].TimeS, r.TimeS)
		}
		out[run] = recs
	}
	return out
}

// sharedData is ../shared/data/<rel> (or under $AIMO_SHARED_DATA), "" when
// absent.
func sharedData(t testing.TB, rel string) string {
	dir := os.Getenv("AIMO_SHARED_DATA")
	if dir == "" {
		dir = filepath.Join(testkit.RepoRoot(t), "..", "shared", "data")
	}
	p := filepath.Join(dir, rel)
	if _, err := os.Stat(p); err != nil {
		return ""
	}
	return p
}

func itoa(i int) string {
	b, _ := json.Marshal(i)
	return string(b)
}
