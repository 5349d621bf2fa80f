package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
	"github.com/aimo-dev/aimo/backends/sandbox"
)

// toolExperiment runs both tool loops on the same problems: the text loop
// (code in fences) and the function loop (a python tool).
const toolExperiment = `local aimo = import 'aimo.libsonnet';
function(base_url) aimo.experiment {
  name: 'tools',
  datasets: { toy: aimo.dataset.jsonl('toy.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }) },
  models: { fake: aimo.model.openai('fake-model', base_url=base_url, concurrency=2) },
  matrix: { template: ['tir', 'tir_function'] },
  samples: 2,
  tools: { max_rounds: 4, timeout_s: 3 },
  kaggle: aimo.kaggle(models={ fake: '/kaggle/input/fake-model' }),
}
`

// toolProblems is how many problems the fixture has; problem i asks for
// i + 17. Problem 0 (0 + 17) makes the model's first cell raise after it
// has set x, so every conversation on it has one tool error.
const toolProblems = 6

func writeToolFixture(t *testing.T, dir string) {
	t.Helper()
	var b strings.Builder
	for i := range toolProblems {
		fmt.Fprintf(&b, `{"id": "p%d", "q": "What is %d + 17?", "a": "%d"}`+"\n", i, i, i+17)
	}
	must(t, os.WriteFile(filepath.Join(dir, "toy.jsonl"), []byte(b.String()), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "exp.jsonnet"), []byte(toolExperiment), 0o644))
}

// turnLog records every request the scripted model answered.
type turnLog struct {
	mu    sync.Mutex
	turns []scriptedTurn
	// onTurn, when set, is called (outside the lock) before each reply.
	onTurn func(scriptedTurn)
}

// scriptedTurn identifies one request: which conversation (loop format,
// problem, seed) and which of its turns.
type scriptedTurn struct {
	format  string
	a, seed int64
	turn    int
}

func (s scriptedTurn) conversation() string { return fmt.Sprintf("%s/%d/%d", s.format, s.a, s.seed) }

// calculator is a model that needs the sandbox to answer: it sets x in one
// cell (raising after it when a is 0), prints x in a second cell, which
// works only if the first cell's state survived, and boxes what it saw.
func (l *turnLog) calculator(r vllmtest.Request) vllmtest.Reply {
	st := scriptedTurn{seed: r.Seed}
	for _, m := range r.Messages {
		if m.Role == "user" {
			fmt.Sscanf(m.Content, "What is %d + 17?", &st.a)
		}
	}
	first := fmt.Sprintf("x = %d + 17", st.a)
	if st.a == 0 {
		first += "\n1 / 0"
	}
	var reply vllmtest.Reply
	if len(r.Tools) > 0 {
		st.format = "function"
		reply = functionReply(r, first, &st)
	} else {
		st.format = "text"
		reply = textReply(r, first, &st)
	}
	l.mu.Lock()
	l.turns = append(l.turns, st)
	hook := l.onTurn
	l.mu.Unlock()
	if hook != nil {
		hook(st)
	}
	return reply
}

func functionReply(r vllmtest.Request, first string, st *scriptedTurn) vllmtest.Reply {
	var outputs []string
	for _, m := range r.Messages {
		if m.Role == "tool" {
			outputs = append(outputs, m.Content)
		}
	}
	st.turn = len(outputs)
	code := map[int]string{0: first, 1: "print(x)"}[st.turn]
	if code != "" {
		args, _ := json.Marshal(map[string]string{"code": code})
		return vllmtest.Reply{Reasoning: fmt.Sprintf("step %d", st.turn+1),
			ToolCalls: []vllmtest.ToolCall{vllmtest.FunctionCall("", "python", string(args))}}
	}
	return vllmtest.Reply{Reasoning: "done", Content: "So x is \\boxed{" + strings.TrimSpace(outputs[1]) + "}."}
}

func textReply(r vllmtest.Request, first string, st *scriptedTurn) vllmtest.Reply {
	text := r.Last().Content
	st.turn = strings.Count(text, "```output")
	switch st.turn {
	case 0:
		return vllmtest.Reply{Content: "First x.\n```python\n" + first + "\n```\n"}
	case 1:
		return vllmtest.Reply{Content: "Now print it.\n```python\nprint(x)\n```\n"}
	}
	i := strings.LastIndex(text, "```output\n")
	out := strings.TrimSuffix(text[i+len("```output\n"):], "```\n")
	return vllmtest.Reply{Content: "So x is \\boxed{" + strings.TrimSpace(out) + "}."}
}

// requireSandbox skips, saying why, where model code cannot run.
func requireSandbox(t *testing.T) {
	t.Helper()
	if _, err := sandbox.FindPython(); err != nil {
		t.Skip("no Python interpreter: the tool loops run real code")
	}
}

func TestToolLoopsThroughRun(t *testing.T) {
	requireSandbox(t)
	log := &turnLog{}
	srv := vllmtest.New(vllmtest.Options{Respond: log.calculator})
	defer srv.Close()
	dir := t.TempDir()
	writeToolFixture(t, dir)
	url := "base_url=" + srv.URL + "/v1"

	out, err := aimoCmd(dir, "run", "exp.jsonnet", "--tla-str", url, "--cache", "c.db", "-q").CombinedOutput()
	if err != nil {
		t.Fatalf("aimo run: %v\n%s", err, out)
	}
	conversations := 2 * toolProblems * 2
	if !strings.Contains(string(out), fmt.Sprintf("%d requests: 0 cached, %d new, 0 failed", conversations, conversations)) {
		t.Errorf("first run:\n%s", out)
	}
	rows := toolRows(t, dir)
	checkToolRows(t, rows)
	served := len(log.turns)
	if served != 3*conversations {
		t.Errorf("the model was asked %d times, want 3 turns x %d conversations", served, conversations)
	}

	out, err = aimoCmd(dir, "run", "exp.jsonnet", "--tla-str", url, "--cache", "c.db", "-q").CombinedOutput()
	if err != nil || !strings.Contains(string(out), fmt.Sprintf("%d cached, 0 new", conversations)) || len(log.turns) != served {
		t.Errorf("rerun asked the model %d more times (err %v):\n%s", len(log.turns)-served, err, out)
	}
	checkShow(t, dir, url)
	checkToolReport(t, dir, url)
	checkToolExport(t, dir, url)
}

// checkToolExport exports each tool cell: the text loop ships with the
// experiment's limits and the sandbox worker; the function loop, which
// vLLM's offline engine cannot hold, is refused in one line, exit 2,
// nothing written.
func checkToolExport(t *testing.T, dir, url string) {
	t.Helper()
	export := func(cell, out string) *exec.Cmd {
		return aimoCmd(dir, "export", "kaggle", "exp.jsonnet", "--tla-str", url, "--cache", "c.db", "--cell", cell, "--out", out)
	}
	out, err := export("tir_function", "kf").CombinedOutput()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 2 || strings.Count(string(out), "\n") != 1 || !strings.Contains(string(out), "tool_format: 'function'") {
		t.Errorf("export of the function loop: %v, want exit 2 and one line naming the format:\n%s", err, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "kf")); err == nil {
		t.Error("a refused export wrote files")
	}
	if out, err := export("tir", "kt").CombinedOutput(); err != nil {
		t.Fatalf("export of the text loop: %v\n%s", err, out)
	}
	var cfg struct {
		Tools struct {
			Format    string `json:"format"`
			MaxRounds int    `json:"max_rounds"`
			Sandbox   struct {
				TimeoutS    float64 `json:"timeout_s"`
				TimeoutText string  `json:"timeout_text"`
				MemoryBytes int64   `json:"memory_bytes"`
				MaxOutput   int     `json:"max_output"`
			} `json:"sandbox"`
		} `json:"tools"`
	}
	b, err := os.ReadFile(filepath.Join(dir, "kt", "config.json"))
	must(t, err)
	must(t, json.Unmarshal(b, &cfg))
	tl := cfg.Tools
	if tl.Format != "text" || tl.MaxRounds != 4 || tl.Sandbox.TimeoutS != 3 || tl.Sandbox.TimeoutText != "3s" ||
		tl.Sandbox.MemoryBytes != 2048<<20 || tl.Sandbox.MaxOutput != 4096 {
		t.Errorf("exported tools %+v; want the experiment's limits", tl)
	}
	mod, err := os.ReadFile(filepath.Join(dir, "kt", "aimo_submission.py"))
	must(t, err)
	if !strings.Contains(string(mod), "SANDBOX_SOURCES = {") || !strings.Contains(string(mod), "aimo_sandbox/worker.py") {
		t.Error("the exported module does not ship the sandbox worker")
	}
}

// toolRow is a cached generation as `aimo cache export` writes it.
type toolRow struct {
	Cell       string `json:"cell"`
	Problem    string `json:"problem"`
	Sample     int    `json:"sample"`
	Completion struct {
		Text  string           `json:"text"`
		Turns []map[string]any `json:"tool_turns"`
	} `json:"completion"`
	raw map[string]any
}

func toolRows(t *testing.T, dir string) map[string]toolRow {
	t.Helper()
	out, err := aimoCmd(dir, "cache", "export", "--cache", "c.db").Output()
	if err != nil {
		t.Fatalf("cache export: %v", err)
	}
	rows := map[string]toolRow{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if line == "" {
			continue
		}
		var r toolRow
		must(t, json.Unmarshal([]byte(line), &r))
		must(t, json.Unmarshal([]byte(line), &r.raw))
		key := fmt.Sprintf("%s/%s/%d", r.Cell, r.Problem, r.Sample)
		if _, dup := rows[key]; dup {
			t.Fatalf("%s cached twice", key)
		}
		rows[key] = r
	}
	return rows
}

// checkToolRows checks every conversation is exactly the scripted one:
// three turns, two cells run once each, the first failing only on
// problem 0, and the answer boxed from what the second cell printed.
func checkToolRows(t *testing.T, rows map[string]toolRow) {
	t.Helper()
	if len(rows) != 2*toolProblems*2 {
		t.Errorf("cache holds %d conversations, want %d", len(rows), 2*toolProblems*2)
	}
	for key, r := range rows {
		var a int
		fmt.Sscanf(r.Problem, "p%d", &a)
		want := fmt.Sprintf("\\boxed{%d}", a+17)
		if !strings.Contains(r.Completion.Text, want) {
			t.Errorf("%s: answer %q, want %s", key, r.Completion.Text, want)
		}
		var codes []string
		errors := 0
		for _, turn := range r.Completion.Turns {
			calls, _ := turn["calls"].([]any)
			for _, c := range calls {
				call := c.(map[string]any)
				codes = append(codes, call["code"].(string))
				if call["error"] != nil {
					errors++
				}
			}
		}
		if len(r.Completion.Turns) != 3 || len(codes) != 2 || !strings.HasPrefix(codes[0], fmt.Sprintf("x = %d + 17", a)) || strings.TrimSpace(codes[1]) != "print(x)" {
			t.Errorf("%s: %d turns with cells %q; want 3 turns, each cell once", key, len(r.Completion.Turns), codes)
		}
		if wantErr := map[bool]int{true: 1, false: 0}[a == 0]; errors != wantErr {
			t.Errorf("%s: %d failed cells, want %d", key, errors, wantErr)
		}
	}
}

func checkShow(t *testing.T, dir, url string) {
	t.Helper()
	out, err := aimoCmd(dir, "show", "exp.jsonnet", "--tla-str", url, "--cache", "c.db", "--cell", "tir_function", "--problem", "p0").CombinedOutput()
	if err != nil {
		t.Fatalf("aimo show: %v\n%s", err, out)
	}
	for _, want := range []string{
		"3 turns, 2 tool calls, 1 errors", "--- turn 1: reasoning\nstep 1",
		"--- turn 1, call 1: python\nx = 0 + 17\n1 / 0", "ZeroDivisionError", "--- turn 2, call 1: python\nprint(x)\n--- output",
		"--- turn 3\nSo x is \\boxed{17}.",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("aimo show lacks %q:\n%s", want, out)
		}
	}
}

func checkToolReport(t *testing.T, dir, url string) {
	t.Helper()
	out, err := aimoCmd(dir, "report", "exp.jsonnet", "--tla-str", url, "--cache", "c.db").CombinedOutput()
	if err != nil {
		t.Fatalf("aimo report: %v\n%s", err, out)
	}
	md, err := os.ReadFile(filepath.Join(dir, "out", "tools", "report.md"))
	must(t, err)
	// 6 problems x 2 samples, 2 cells each, one failing on problem 0's 2 samples.
	for _, cell := range []string{"tir", `tir\_function`} {
		want := fmt.Sprintf("| toy | %s | 12 | 24 | 2.0 | 2 | 0.083 |", cell)
		if !strings.Contains(string(md), want) {
			t.Errorf("report.md lacks the tools row %q:\n%s", want, md)
		}
	}
}

// TestKilledToolRunResumes kills `aimo run` while a conversation waits for
// its second turn, then resumes: the cache ends exactly as an uninterrupted
// run leaves it (every conversation once, each turn once), and no
// conversation that was cached before the kill is asked for again.
func TestKilledToolRunResumes(t *testing.T) {
	if testing.Short() {
		t.Skip("kills a real process; skipped with -short")
	}
	requireSandbox(t)
	log := &turnLog{}
	srv := vllmtest.New(vllmtest.Options{Respond: log.calculator})
	defer srv.Close()
	url := "base_url=" + srv.URL + "/v1"

	clean := t.TempDir()
	writeToolFixture(t, clean)
	if out, err := aimoCmd(clean, "run", "exp.jsonnet", "--tla-str", url, "--cache", "c.db", "-q").CombinedOutput(); err != nil {
		t.Fatalf("uninterrupted run: %v\n%s", err, out)
	}
	want := normalisedRows(t, clean)

	dir := t.TempDir()
	writeToolFixture(t, dir)
	before := len(log.turns)
	hit, release := make(chan struct{}), make(chan struct{})
	var once sync.Once
	log.onTurn = func(st scriptedTurn) {
		log.mu.Lock()
		served := len(log.turns) - before
		log.mu.Unlock()
		if st.turn == 1 && served > 20 {
			once.Do(func() { close(hit) })
			<-release
		}
	}
	cmd := aimoCmd(dir, "run", "exp.jsonnet", "--tla-str", url, "--cache", "c.db", "-q")
	must(t, cmd.Start())
	<-hit
	must(t, cmd.Process.Kill())
	cmd.Wait()
	log.onTurn = nil
	close(release)
	cachedAtKill := normalisedRows(t, dir)
	log.mu.Lock()
	atKill := len(log.turns)
	log.mu.Unlock()
	if len(cachedAtKill) == 0 || len(cachedAtKill) == len(want) {
		t.Fatalf("the kill found %d of %d conversations cached; the test needs it mid-run", len(cachedAtKill), len(want))
	}

	if out, err := aimoCmd(dir, "run", "exp.jsonnet", "--tla-str", url, "--cache", "c.db", "-q").CombinedOutput(); err != nil {
		t.Fatalf("resumed run: %v\n%s", err, out)
	}
	compareRows(t, normalisedRows(t, dir), want)
	checkToolRows(t, toolRows(t, dir))
	asked := map[string]bool{}
	for _, st := range log.turns[atKill:] {
		asked[st.conversation()] = true
	}
	for key := range cachedAtKill {
		var cell, problem string
		var sample, a int
		fmt.Sscanf(strings.ReplaceAll(key, "/", " "), "%s %s %d", &cell, &problem, &sample)
		fmt.Sscanf(problem, "p%d", &a)
		format := map[string]string{"tir": "text", "tir_function": "function"}[cell]
		if c := (scriptedTurn{format: format, a: int64(a), seed: int64(sample)}).conversation(); asked[c] {
			t.Errorf("conversation %s was cached before the kill and asked for again", key)
		}
	}
	t.Logf("%d of %d conversations cached at the kill; %d requests before it, %d after", len(cachedAtKill), len(want), atKill-before, len(log.turns)-atKill)
}

// normalisedRows is the cache without what legitimately differs between
// runs: times and durations.
func normalisedRows(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for key, r := range toolRows(t, dir) {
		dropTimes(r.raw)
		b, _ := json.Marshal(r.raw)
		out[key] = string(b)
	}
	return out
}

func dropTimes(v any) {
	switch x := v.(type) {
	case map[string]any:
		for _, k := range []string{"created_at", "latency_s", "duration_s"} {
			delete(x, k)
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			dropTimes(x[k])
		}
	case []any:
		for _, e := range x {
			dropTimes(e)
		}
	}
}
