package kaggle

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
	"github.com/aimo-dev/aimo/backends/pyenv"
	"github.com/aimo-dev/aimo/backends/sandbox"
	"github.com/aimo-dev/aimo/backends/tir"
	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/runner"
)

// The tool parity runs: two attempts per scenario, max_tokens 80 (the
// scripted server counts words), three rounds, a 2 s cell.
const (
	toolBudget   = 80
	toolAttempts = 2
	toolSeed     = 7
	toolPrompt   = "Problem: {problem}\nSolution:"
)

var toolSpec = runner.ToolSpec{Format: tir.Text, MaxRounds: 3, TimeoutS: 2, MemoryMB: 512, MaxOutput: 600, Version: tir.Version}

// toolRecord is one problem's conversations as the sweep held them.
type toolRecord struct {
	ID      string                `json:"id"`
	Problem string                `json:"problem"`
	Turns   [][]engineTurn        `json:"turns"`
	comps   []backends.Completion // by attempt
}

// engineTurn is a recorded turn as vLLM's offline engine returns it: the
// closing fence the loop put back is the stop string again.
type engineTurn struct {
	Text       string  `json:"text"`
	Finish     string  `json:"finish"`
	StopReason *string `json:"stop_reason"`
	Tokens     int     `json:"tokens"`
}

// notebookAttempt is what the notebook made of one attempt.
type notebookAttempt struct {
	Attempt    int    `json:"attempt"`
	Transcript string `json:"transcript"`
	Key        *string
	Error      string `json:"error"`
	Calls      []struct {
		Code       string `json:"code"`
		Output     string `json:"output"`
		Unanswered bool   `json:"unanswered"`
	} `json:"calls"`
	Requests []struct {
		Prompt    string   `json:"prompt"`
		MaxTokens int      `json:"max_tokens"`
		Stop      []string `json:"stop"`
		Seed      int64    `json:"seed"`
	} `json:"requests"`
}

// TestToolLoopParity holds scripted tool conversations with the sweep's
// text loop (backends/tir, through the OpenAI client, against vllmtest,
// code run in the sweep's sandbox), then feeds each recorded model turn to
// the exported notebook's tool loop through a stand-in offline engine, its
// code run in the notebook's own sandbox. Every attempt must send the same
// continuations (prompt plus transcript so far, the rest of the budget,
// the fence stop strings, the attempt's seed), run the same cells, show
// the same outputs (the transcripts byte-identical) and give the same
// answer.
func TestToolLoopParity(t *testing.T) {
	py := toolPython(t)
	cell := runner.Cell{Template: "tir", Tools: &toolSpec}
	records := recordToolRuns(t, py)
	cfg := toolConfig(cell)
	got := runNotebookLoop(t, py, cfg, records)
	conversations, turns, calls := 0, 0, 0
	for _, r := range records {
		for _, c := range r.comps {
			conversations++
			turns += len(c.ToolTurns)
			for _, turn := range c.ToolTurns {
				calls += len(turn.Calls)
			}
		}
	}
	t.Logf("%d conversations of %d turns and %d calls compared", conversations, turns, calls)
	for _, r := range records {
		for i, c := range r.comps {
			g, ok := got[r.ID][i]
			if !ok {
				t.Errorf("%s attempt %d: the notebook returned nothing", r.ID, i)
				continue
			}
			compareAttempt(t, r.ID, i, r.Problem, c, g, cfg)
		}
	}
}

// toolPython is aimo's Python, else python3: the sweep's sandbox and the
// notebook then run the same interpreter, so tracebacks agree.
func toolPython(t *testing.T) string {
	if py, err := pyenv.Python(); err == nil {
		return py
	}
	return needPython(t)
}

func toolConfig(cell runner.Cell) *Config {
	cfg := testConfig()
	cfg.Prompt = Prompt{Format: "completion", User: toolPrompt, Examples: []Example{}}
	cfg.Sampling = Sampling{Temperature: 0.6, TopP: 1, MaxTokens: toolBudget, Stop: []string{"</answer>"}, Seed: toolSeed}
	cfg.Voting = Voting{Method: "majority", Attempts: toolAttempts}
	cfg.Tools = tools(cell)
	return cfg
}

// recordToolRuns holds every scenario's conversations with the sweep's
// loop.
func recordToolRuns(t *testing.T, py string) []toolRecord {
	sc := toolSpec.SandboxConfig()
	sc.Python = py
	pool, err := sandbox.NewPool(context.Background(), sc, toolAttempts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pool.Close() })
	srv := vllmtest.New(vllmtest.Options{Respond: (&scriptedModel{turns: map[string]int{}}).respond})
	t.Cleanup(srv.Close)
	client, err := openai.New(openai.Config{BaseURLs: []string{srv.URL}, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	loop := &tir.Loop{Model: client, Pool: pool, Settings: tir.Settings{Format: tir.Text, MaxRounds: toolSpec.MaxRounds,
		Timeout: time.Duration(toolSpec.TimeoutS * float64(time.Second))}}
	var out []toolRecord
	for _, name := range sortedScenarios() {
		problem := "scenario: " + name + "\nWhat does the code say?"
		req := backends.Request{Model: "m", Prompt: strings.ReplaceAll(toolPrompt, "{problem}", problem), N: toolAttempts, Seed: toolSeed,
			Sampling: backends.Sampling{Temperature: 0.6, TopP: 1, MaxTokens: toolBudget, Stop: []string{"</answer>"}}}
		comps, err := loop.Generate(context.Background(), req)
		if err != nil {
			t.Fatalf("%s: the sweep's loop failed: %v", name, err)
		}
		rec := toolRecord{ID: strings.ReplaceAll(name, " ", "-"), Problem: problem, comps: comps}
		for _, c := range comps {
			rec.Turns = append(rec.Turns, engineTurns(c))
		}
		out = append(out, rec)
	}
	return out
}

func sortedScenarios() []string {
	names := make([]string, 0, len(toolScenarios))
	for n := range toolScenarios {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// engineTurns turns a recorded conversation back into what the engine
// returned. A turn that ends in a closing fence after a stop had it put
// back: the engine's text lacks it and its stop_reason is the fence. A
// turn that stopped with a fence still open stopped at another string
// (else the loop would have closed it); the turns before it always close
// their fences. Any other stop behaves alike whatever its stop_reason.
func engineTurns(c backends.Completion) []engineTurn {
	var out []engineTurn
	for _, t := range c.ToolTurns {
		e := engineTurn{Text: t.Text, Finish: t.FinishReason, Tokens: t.CompletionTokens}
		if t.FinishReason == "stop" && strings.HasSuffix(t.Text, "```\n") {
			e.Text, e.StopReason = strings.TrimSuffix(t.Text, "```\n"), ptr("```\n")
		} else if t.FinishReason == "stop" && fenceLeftOpen(t.Text) {
			e.StopReason = ptr("```output")
		}
		out = append(out, e)
	}
	return out
}

// fenceLeftOpen reports whether text ends inside a fenced block: an odd
// number of fence lines (the scenarios write no fence inside code).
func fenceLeftOpen(text string) bool {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			n++
		}
	}
	return n%2 == 1
}

func ptr(s string) *string { return &s }

// runNotebookLoop runs testdata/tirparity.py over the records and returns
// what the notebook made of each attempt, by problem and attempt.
func runNotebookLoop(t *testing.T, py string, cfg *Config, records []toolRecord) map[string]map[int]notebookAttempt {
	dir := t.TempDir()
	mod, err := Module(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var in bytes.Buffer
	enc := json.NewEncoder(&in)
	for _, r := range records {
		enc.Encode(r)
	}
	modPath, inPath := filepath.Join(dir, ModuleName), filepath.Join(dir, "turns.jsonl")
	if os.WriteFile(modPath, []byte(mod), 0o644) != nil || os.WriteFile(inPath, in.Bytes(), 0o644) != nil {
		t.Fatal("cannot write the parity inputs")
	}
	cmd := exec.Command(py, filepath.Join("testdata", "tirparity.py"), modPath, inPath)
	cmd.Env = append(os.Environ(), "AIMO_LOG="+filepath.Join(dir, "log.jsonl"))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.Output()
	if err != nil {
		t.Fatalf("tirparity.py: %v\n%s", err, stderr.String())
	}
	out := map[string]map[int]notebookAttempt{}
	for _, line := range strings.Split(strings.TrimSpace(string(stdout)), "\n") {
		var p struct {
			ID       string            `json:"id"`
			Attempts []notebookAttempt `json:"attempts"`
		}
		if err := json.Unmarshal([]byte(line), &p); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		out[p.ID] = map[int]notebookAttempt{}
		for _, a := range p.Attempts {
			out[p.ID][a.Attempt] = a
		}
	}
	return out
}

func compareAttempt(t *testing.T, id string, i int, problem string, want backends.Completion, got notebookAttempt, cfg *Config) {
	t.Helper()
	if got.Error != "" {
		t.Errorf("%s attempt %d failed in the notebook: %s", id, i, got.Error)
		return
	}
	if got.Transcript != want.Text {
		t.Errorf("%s attempt %d transcript differs:\nnotebook: %q\nsweep:    %q", id, i, got.Transcript, want.Text)
	}
	var calls []backends.Call
	for _, turn := range want.ToolTurns {
		calls = append(calls, turn.Calls...)
	}
	if len(got.Calls) != len(calls) {
		t.Errorf("%s attempt %d: the notebook made %d calls, the sweep %d", id, i, len(got.Calls), len(calls))
	}
	for j := range min(len(got.Calls), len(calls)) {
		g, w := got.Calls[j], calls[j]
		if g.Code != w.Code || g.Output != w.Output || g.Unanswered != w.Unanswered {
			t.Errorf("%s attempt %d call %d:\nnotebook ran %q, showed %q (unanswered %v)\nsweep ran    %q, showed %q (unanswered %v)",
				id, i, j, g.Code, g.Output, g.Unanswered, w.Code, w.Output, w.Unanswered)
		}
	}
	if k, w := deref(got.Key), toolKey(want, cfg); k != w {
		t.Errorf("%s attempt %d: the notebook answers %q, the sweep's attempt %q", id, i, k, w)
	}
	compareRequests(t, id, i, problem, want, got)
}

// compareRequests checks every turn's request: the prompt is the rendered
// prompt plus the transcript up to the turn, max_tokens what the turns
// before it left, the stop strings the user's and the fences, the seed the
// attempt's.
func compareRequests(t *testing.T, id string, i int, problem string, want backends.Completion, got notebookAttempt) {
	t.Helper()
	if len(got.Requests) != len(want.ToolTurns) {
		t.Errorf("%s attempt %d: %d requests to the engine, the sweep took %d turns", id, i, len(got.Requests), len(want.ToolTurns))
		return
	}
	base := strings.ReplaceAll(toolPrompt, "{problem}", problem)
	left := toolBudget
	for j, r := range got.Requests {
		turn := want.ToolTurns[j]
		sofar, ok := strings.CutPrefix(r.Prompt, base)
		if !ok || !strings.HasPrefix(want.Text, sofar) || !strings.HasPrefix(want.Text[len(sofar):], turn.Text) {
			t.Errorf("%s attempt %d turn %d: the prompt %q is not the prompt and the transcript before the turn", id, i, j, r.Prompt)
		}
		if r.MaxTokens != left || r.Seed != toolSeed+int64(i) || !slices.Equal(r.Stop, []string{"</answer>", "```\n", "```output"}) {
			t.Errorf("%s attempt %d turn %d: max_tokens %d seed %d stop %q; want %d, %d and the fences after the user's", id, i, j,
				r.MaxTokens, r.Seed, r.Stop, left, toolSeed+i)
		}
		left -= turn.CompletionTokens
	}
}

// toolKey is the sweep's integer answer for an attempt.
func toolKey(c backends.Completion, cfg *Config) string {
	a, ok := answer.Extract(answer.Final(c.Text, c.FinishReason), answer.Options{Fallbacks: cfg.Extraction.Fallbacks})
	if !ok {
		return ""
	}
	n, ok := AIMO3.Parse(a)
	if !ok {
		return ""
	}
	return itoa(int(n))
}
