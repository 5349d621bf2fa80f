package replay_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/replay"
	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/internal/testkit"
)

// toolRun is the recorded deepseek-reasoner run that used a Python tool:
// 10 AIMO3 problems x 8 attempts, every turn kept in `messages`.
const toolRun = "remote_deepseek-reasoner_20260109_201411.jsonl"

type toolRow struct {
	ProblemID   string           `json:"problem_id"`
	AttemptID   int              `json:"attempt_id"`
	Extracted   string           `json:"repo_extracted_answer"`
	PythonCalls int              `json:"python_calls"`
	Final       string           `json:"final_content"`
	Reasoning   string           `json:"final_reasoning"`
	Messages    []map[string]any `json:"messages"`
}

// TestRecordedToolRunReplays reads the tool run through the replay backend
// and checks, attempt by attempt, that nothing was lost: the recorded
// messages after the prompt are rebuilt exactly from the turns, the calls
// that were run number python_calls, and the answer extracted from the
// final message is the repository's wherever it found one.
func TestRecordedToolRunReplays(t *testing.T) {
	path := filepath.Join(testkit.SharedData(t, "generations_aimo3_eval"), toolRun)
	r, err := replay.Open(replay.Source{Path: path, Fields: replay.Fields{
		ProblemID: "problem_id", Sample: "attempt_id", Text: "final_content", Reasoning: "final_reasoning",
		Messages: "messages", Latency: "time_s"}})
	if err != nil {
		t.Fatal(err)
	}
	rows := testkit.ReadJSONL[toolRow](t, path)
	extractable := 0
	for _, row := range rows {
		c := replayed(t, r, row)
		if c.Text != row.Final || c.Reasoning != row.Reasoning {
			t.Errorf("%s/%d: final message or reasoning differs from the record", row.ProblemID, row.AttemptID)
		}
		if got := ran(c.ToolTurns); got != row.PythonCalls {
			t.Errorf("%s/%d: %d calls were run, python_calls says %d", row.ProblemID, row.AttemptID, got, row.PythonCalls)
		}
		if want, got := jsonOf(t, afterPrompt(row.Messages)), jsonOf(t, rebuild(c.ToolTurns)); got != want {
			t.Errorf("%s/%d: the turns do not rebuild the recorded messages", row.ProblemID, row.AttemptID)
		}
		if row.Extracted == "None" {
			continue
		}
		extractable++
		if got, _ := answer.Extract(c.Text, answer.Options{}); got != row.Extracted {
			t.Errorf("%s/%d: extracted %q, the repository %q", row.ProblemID, row.AttemptID, got, row.Extracted)
		}
	}
	if len(rows) != 80 || extractable != 71 {
		t.Errorf("read %d attempts, %d extractable; the record has 80 and 71", len(rows), extractable)
	}
}

func replayed(t *testing.T, r *replay.Replay, row toolRow) backends.Completion {
	t.Helper()
	comps, err := r.Generate(context.Background(), backends.Request{ProblemID: row.ProblemID, FirstSample: row.AttemptID, N: 1})
	if err != nil {
		t.Fatal(err)
	}
	return comps[0]
}

// ran counts the calls that were run.
func ran(turns []backends.Turn) int {
	n := 0
	for _, t := range turns {
		for _, c := range t.Calls {
			if !c.Unanswered {
				n++
			}
		}
	}
	return n
}

// afterPrompt drops the system and user messages before the first
// assistant message.
func afterPrompt(msgs []map[string]any) []map[string]any {
	for i, m := range msgs {
		if m["role"] == "assistant" {
			return msgs[i:]
		}
	}
	return nil
}

// rebuild writes turns back as the recording harness wrote them.
func rebuild(turns []backends.Turn) []map[string]any {
	var out []map[string]any
	for _, t := range turns {
		m := map[string]any{"role": "assistant", "content": t.Text, "reasoning_content": t.Reasoning}
		var tools []map[string]any
		for i, c := range t.Calls {
			calls, _ := m["tool_calls"].([]any)
			m["tool_calls"] = append(calls, map[string]any{"id": c.ID, "type": "function", "index": i,
				"function": map[string]any{"name": c.Name, "arguments": c.Arguments}})
			if !c.Unanswered {
				tools = append(tools, map[string]any{"role": "tool", "content": c.Output, "name": c.Name, "tool_call_id": c.ID})
			}
		}
		out = append(append(out, m), tools...)
		if t.Stop != "" {
			out = append(out, map[string]any{"role": "system", "content": t.Stop})
		}
	}
	return out
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var round any
	if err := json.Unmarshal(b, &round); err != nil {
		t.Fatal(err)
	}
	b, _ = json.Marshal(round)
	return string(b)
}
