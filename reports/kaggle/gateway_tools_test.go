package kaggle

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends/pyenv"
	"github.com/aimo-dev/aimo/backends/tir"
	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/runner"
)

// TestToolNotebookUnderRealGateway runs a tool-using export under the
// competition's gateway on the AIMO3 reference problems, with a stand-in
// engine whose attempts only learn the answer by running code: one
// computes it, one keeps it in a variable for a second cell, one computes
// a wrong one, and on the first problem one loops until its cell times
// out. The engine also misbehaves as in TestNotebookUnderRealGateway (an
// add_request that raises, a step that raises, a step that hangs): those
// problems must still get an answer in range, the fallback where no attempt
// could start. Every other answer must be the reference answer, so every
// right answer went through the notebook's sandbox; the log must say which
// protections held and count each problem's calls and timeouts.
func TestToolNotebookUnderRealGateway(t *testing.T) {
	gateway := testkit.SharedData(t, "kaggle_evaluation_aimo3")
	reference := testkit.SharedData(t, filepath.Join("aimo_and_aime", "aimo3_reference.csv"))
	py, err := pyenv.Python()
	if err != nil {
		t.Fatalf("the gateway runs under aimo's pinned Python environment: %v", err)
	}
	dir := t.TempDir()
	cfg := testConfig()
	cfg.Sampling.Logprobs = 0
	cfg.Voting = Voting{Method: "majority", Attempts: 4}
	cfg.Time = gatewayTime
	cfg.Tools = tools(runner.Cell{Tools: &runner.ToolSpec{Format: tir.Text, MaxRounds: 4, TimeoutS: 1, MemoryMB: 512, MaxOutput: 1000, Version: tir.Version}})
	gold := writeToolGatewayInputs(t, dir, reference)
	out := runGateway(t, py, dir, cfg, gateway)
	answers := readParquet(t, py, filepath.Join(dir, "submission.parquet"))
	for id, want := range gold {
		a, ok := answers[id]
		switch {
		case !ok || a < 0 || a > 99999:
			t.Errorf("%s: answer %d (present %v), want one in 0-99999", id, a, ok)
		case id == failAdd && a != cfg.FallbackAnswer:
			t.Errorf("%s: no attempt could start, so it should get the fallback %d, got %d", id, cfg.FallbackAnswer, a)
		case !misbehaving[id] && a != want:
			t.Errorf("%s: the notebook answered %d, the code computed %d\n%s", id, a, want, out)
		}
	}
	checkToolLog(t, filepath.Join(dir, "log.jsonl"), len(gold))
}

// toolTurns are a problem's scripted attempts; {output} is the last
// output block the attempt was shown.
func toolTurns(answer int64, first bool) [][]string {
	half := strconv.FormatInt(answer/2, 10)
	rest := strconv.FormatInt(answer-answer/2, 10)
	box := "So the answer is \\boxed{{output}}."
	compute := []string{"Let me compute.\n```python\nanswer = " + half + " + " + rest + "\nprint(answer)\n```\n", box}
	turns := [][]string{
		compute,
		{"```python\nx = " + strconv.FormatInt(answer, 10) + "\n```\n", "```python\nprint(x)\n```\n", box},
		{"```python\nprint(" + strconv.FormatInt(answer, 10) + " + 1)\n```\n", box},
		compute,
	}
	if first {
		turns[3] = []string{"```python\nwhile True:\n    pass\n```\n", box}
	}
	return turns
}

func writeToolGatewayInputs(t *testing.T, dir, reference string) map[string]int64 {
	f, err := os.Open(reference)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	var test, rec strings.Builder
	w := csv.NewWriter(&test)
	enc := json.NewEncoder(&rec)
	gold := map[string]int64{}
	for i, r := range rows {
		w.Write(r[:2])
		if i == 0 {
			continue
		}
		n, err := strconv.ParseInt(r[2], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		gold[r[0]] = n
		enc.Encode(map[string]any{"id": r[0], "problem": r[1], "turns": toolTurns(n, i == 1)})
	}
	w.Flush()
	if os.WriteFile(filepath.Join(dir, "test.csv"), []byte(test.String()), 0o644) != nil ||
		os.WriteFile(filepath.Join(dir, "recorded.jsonl"), []byte(rec.String()), 0o644) != nil {
		t.Fatal("cannot write the gateway inputs")
	}
	return gold
}

// misbehaving are the problems the stand-in engine fails or hangs on.
var misbehaving = map[string]bool{failAdd: true, failStep: true, hang: true}

func checkToolLog(t *testing.T, path string, problems int) {
	type entry struct {
		ID          string                     `json:"id"`
		Event       string                     `json:"event"`
		Error       *string                    `json:"error"`
		Protections map[string]json.RawMessage `json:"protections"`
		Tools       *struct {
			Calls, Errors, Timeouts int
		} `json:"tools"`
	}
	sandboxes, timeouts := 0, 0
	for _, e := range testkit.ReadJSONL[entry](t, path) {
		switch {
		case e.Event == "sandbox":
			sandboxes++
			if e.Error != nil || len(e.Protections) == 0 {
				t.Errorf("the sandbox did not start cleanly: error %v, protections %v", e.Error, e.Protections)
			}
		case e.ID != "" && !misbehaving[e.ID]:
			if e.Tools == nil || e.Tools.Calls != 5 {
				t.Errorf("%s: tools %+v, want 5 calls (1 + 2 + 1 + 1)", e.ID, e.Tools)
				continue
			}
			timeouts += e.Tools.Timeouts
		}
	}
	if sandboxes != 1 || timeouts != 1 {
		t.Errorf("%d sandbox events and %d timeouts logged over %d problems; want 1 and 1", sandboxes, timeouts, problems)
	}
}
