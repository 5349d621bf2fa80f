package kaggle

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"hash/fnv"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/pyenv"
	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/reports/vote"
)

// The problems the stand-in engine misbehaves on: add_request raises,
// step raises once mid-problem, step hangs, and one attempt's output is
// malformed (that problem must still get aimo's answer, the attempt
// abstaining).
const (
	failAdd  = "26de63"
	failStep = "641659"
	hang     = "92ba6a"
	badShot  = "a295e9"
)

// gatewayTime gives every problem 6 s (the stand-in's attempts take at most
// about a second), answers a hung problem 1 s after that, and hangs the
// engine for 8 s: the problem after it waits a second for the engine.
var gatewayTime = Time{TotalS: 3600, Problems: 10, LowS: 1, HighS: 6, GraceS: 1}

// TestNotebookUnderRealGateway runs the exported notebook's code cells, as
// Kaggle runs them, with the competition's own kaggle_evaluation gateway
// (run_local_gateway over a test.csv of the AIMO3 reference problems) and a
// stand-in vLLM engine that returns recorded gpt-oss-120b generations in
// harmony format, with logprobs, and misbehaves on four problems. The
// gateway must complete; submission.parquet must answer every id with an
// integer in 0-99999; and every problem that did not fail must get the
// answer aimo's Go code votes from the same attempts.
func TestNotebookUnderRealGateway(t *testing.T) {
	gateway := testkit.SharedData(t, "kaggle_evaluation_aimo3")
	reference := testkit.SharedData(t, filepath.Join("aimo_and_aime", "aimo3_reference.csv"))
	probs := aimo3Sources(t)[aimo3Runs[0]]
	py, err := pyenv.Python()
	if err != nil {
		t.Fatalf("the gateway runs under aimo's pinned Python environment: %v", err)
	}
	dir := t.TempDir()
	cfg := gatewayConfig()
	ids := writeGatewayInputs(t, dir, reference, probs)
	out := runGateway(t, py, dir, cfg, gateway)
	answers := readParquet(t, py, filepath.Join(dir, "submission.parquet"))
	if got := slices.Sorted(maps.Keys(answers)); !slices.Equal(got, ids) {
		t.Fatalf("submission ids %v, want %v\n%s", got, ids, out)
	}
	failed := map[string]bool{failAdd: true, failStep: true, hang: true}
	for _, p := range probs {
		a := answers[p.ID]
		if a < 0 || a > 99999 {
			t.Errorf("%s: answer %d out of 0-99999", p.ID, a)
		}
		if failed[p.ID] {
			continue
		}
		if want := goAnswer(p, cfg); a != want {
			t.Errorf("%s: the notebook answered %d, aimo's Go code votes %d", p.ID, a, want)
		}
	}
	if answers[failAdd] != cfg.FallbackAnswer {
		t.Errorf("%s: every attempt failed, so it should get the fallback %d, got %d", failAdd, cfg.FallbackAnswer, answers[failAdd])
	}
	checkGatewayLog(t, filepath.Join(dir, "log.jsonl"))
	checkEngineArgs(t, filepath.Join(dir, "llm_args.json"), cfg)
}

func gatewayConfig() *Config {
	cfg := testConfig()
	cfg.Model.Harmony = true
	cfg.Sampling.ReasoningEffort = "high"
	cfg.Voting = Voting{Method: "entropy_weighted", Attempts: 8, EarlyStop: 4}
	cfg.Time = gatewayTime
	return cfg
}

// writeGatewayInputs writes test.csv (id, problem) from the reference set
// and the stand-in's recordings, and returns the ids in order.
func writeGatewayInputs(t *testing.T, dir, reference string, probs []recorded) []string {
	f, err := os.Open(reference)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	out, err := os.Create(filepath.Join(dir, "test.csv"))
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(out)
	var ids []string
	for i, r := range rows {
		w.Write(r[:2])
		if i > 0 {
			ids = append(ids, r[0])
		}
	}
	w.Flush()
	if err := out.Close(); err != nil || w.Error() != nil {
		t.Fatal(err, w.Error())
	}
	var rec strings.Builder
	enc := json.NewEncoder(&rec)
	for _, p := range probs {
		texts, finish, lps := make([]string, len(p.Texts)), make([]string, len(p.Texts)), make([][][][2]float64, len(p.Texts))
		for i := range p.Texts {
			texts[i], finish[i] = p.harmony(i)
			lps[i] = logprobsOf(p.ID, i)
		}
		enc.Encode(map[string]any{"id": p.ID, "problem": p.Problem, "texts": texts, "times": p.TimeS, "finish": finish, "logprobs": lps})
	}
	if err := os.WriteFile(filepath.Join(dir, "recorded.jsonl"), []byte(rec.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	slices.Sort(ids)
	return ids
}

// logprobsOf makes up attempt i's logprobs: 12 positions of five
// candidates (rank 1-5) and, at every third, the sampled token ranked 7,
// which vLLM adds and the top-5 entropy must leave out.
func logprobsOf(id string, i int) [][][2]float64 {
	h := fnv.New64a()
	h.Write([]byte(id + "/" + strconv.Itoa(i)))
	x := h.Sum64()
	var out [][][2]float64
	for p := range 12 {
		var pos [][2]float64
		sharp := 0.5 + float64((x>>(p%60))&7)
		for r := 1; r <= 5; r++ {
			pos = append(pos, [2]float64{-sharp * float64(r-1) / 4, float64(r)})
		}
		if p%3 == 0 {
			pos = append(pos, [2]float64{-9.5, 7})
		}
		out = append(out, pos)
	}
	return out
}

// goAnswer is aimo's answer to p: the attempts in the order the stand-in
// finishes them (recorded time, then index), each keyed by answer.Final and
// weighted by the mean top-k entropy, voted with the early stop.
func goAnswer(p recorded, cfg *Config) int64 {
	order := make([]int, len(p.Texts))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case p.TimeS[a] < p.TimeS[b]:
			return -1
		case p.TimeS[a] > p.TimeS[b]:
			return 1
		}
		return a - b
	})
	var samples []vote.Sample
	for _, i := range order {
		s := vote.Sample{Index: len(samples)}
		if !(p.ID == badShot && i == 0) {
			text, finish := p.harmony(i)
			if key := goKey(answer.Final(text, finish)); key != "" {
				s.Key, s.Answer, s.Valid = key, key, true
			}
			s.Entropy = goEntropy(logprobsOf(p.ID, i), cfg.Sampling.Logprobs)
			s.Confidence = vote.EntropyConfidence(*s.Entropy)
		}
		samples = append(samples, s)
	}
	res, err := vote.Vote(cfg.Voting.Method, samples, vote.Options{EarlyStop: cfg.Voting.EarlyStop})
	if err != nil || res.NoAnswer() {
		return cfg.FallbackAnswer
	}
	n, _ := strconv.ParseInt(res.Key, 10, 64)
	return n
}

func runGateway(t *testing.T, py, dir string, cfg *Config, gateway string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, py, "-c", notebookScript(t, cfg))
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "PYTHONPATH="+mustAbs(t, "testdata/stubs/engine")+string(os.PathListSeparator)+gateway,
		"AIMO_TEST_CSV=test.csv", "AIMO_LOG=log.jsonl", "AIMO_STUB_RECORDED=recorded.jsonl", "AIMO_STUB_SCALE=0.005",
		"AIMO_STUB_LLM_ARGS=llm_args.json", "AIMO_STUB_FAIL="+failAdd, "AIMO_STUB_STEP_FAIL="+failStep,
		"AIMO_STUB_HANG="+hang, "AIMO_STUB_HANG_S=8", "AIMO_STUB_BAD="+badShot)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the notebook under the gateway failed: %v\n%s", err, out)
	}
	return string(out)
}

// readParquet reads submission.parquet with polars, as Kaggle scores it.
func readParquet(t *testing.T, py, path string) map[string]int64 {
	script := `import json, sys
import polars as pl
df = pl.read_parquet(sys.argv[1])
assert df.columns == ["id", "answer"], df.columns
assert df.schema["answer"] in (pl.Int64, pl.Int32), df.schema
print(json.dumps(dict(zip(df["id"].cast(pl.String).to_list(), df["answer"].to_list()))))`
	out, err := exec.Command(py, "-c", script, path).CombinedOutput()
	if err != nil {
		t.Fatalf("read %s: %v\n%s", path, err, out)
	}
	var m map[string]int64
	if err := json.Unmarshal(out, &m); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	return m
}

// checkGatewayLog requires the log to tell what happened to each
// misbehaving problem.
func checkGatewayLog(t *testing.T, path string) {
	type entry struct {
		ID            string   `json:"id"`
		Event         string   `json:"event"`
		Stopped       string   `json:"stopped"`
		Error         *string  `json:"error"`
		AttemptErrors []string `json:"attempt_errors"`
	}
	byID := map[string]entry{}
	for _, e := range testkit.ReadJSONL[entry](t, path) {
		if e.ID != "" {
			byID[e.ID] = e
		}
	}
	if e := byID[hang]; e.Stopped != "hung" {
		t.Errorf("%s: stopped %q, want hung", hang, e.Stopped)
	}
	if e := byID[failStep]; e.Error == nil || !strings.Contains(*e.Error, "step failed") {
		t.Errorf("%s: error %v, want the engine's", failStep, e.Error)
	}
	if e := byID[failAdd]; len(e.AttemptErrors) != 8 {
		t.Errorf("%s: %d attempt errors, want 8", failAdd, len(e.AttemptErrors))
	}
	if e := byID[badShot]; len(e.AttemptErrors) != 1 || !strings.Contains(e.AttemptErrors[0], "malformed") {
		t.Errorf("%s: attempt errors %q, want the malformed one", badShot, e.AttemptErrors)
	}
}

// checkEngineArgs requires vllm.LLM to get the config's engine settings and
// the chat template the reasoning effort.
func checkEngineArgs(t *testing.T, path string, cfg *Config) {
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatal(err)
	}
	e := cfg.Model.Engine
	want := map[string]any{"model": cfg.Model.Path, "dtype": *e.Dtype, "max_model_len": float64(*e.MaxModelLen),
		"gpu_memory_utilization": *e.GPUMemoryUtilization, "seed": float64(e.Seed),
		"chat_template_kwargs": map[string]any{"reasoning_effort": "high"}}
	for k, v := range want {
		if g, ok := got[k]; !ok || !jsonEqual(g, v) {
			t.Errorf("vllm got %s = %v, want %v", k, g, v)
		}
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
