package tir

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// toolArithmetic is a model that calls the python tool: 6 * 7 first, then
// x + 1 (which needs the first call's state), then boxes the last result.
// Each turn checks the history it was sent: its own earlier reasoning and
// calls, and a tool message answering each call.
func toolArithmetic(t *testing.T, seen *[]vllmtest.Request, mu *sync.Mutex) vllmtest.Responder {
	return func(r vllmtest.Request) vllmtest.Reply {
		mu.Lock()
		*seen = append(*seen, r)
		mu.Unlock()
		var tools []vllmtest.Message
		for i, m := range r.Messages {
			if m.Role == "tool" {
				tools = append(tools, m)
				prev := r.Messages[i-1]
				if prev.Role == "assistant" && prev.Reasoning != fmt.Sprintf("thinking %d", len(tools)) {
					t.Errorf("assistant turn %d came back with reasoning %q", len(tools), prev.Reasoning)
				}
			}
		}
		switch len(tools) {
		case 0:
			return vllmtest.Reply{Reasoning: "thinking 1", ToolCalls: []vllmtest.ToolCall{
				vllmtest.FunctionCall("c1", "python", `{"code": "x = 6 * 7\nprint(x)"}`)}}
		case 1:
			return vllmtest.Reply{Reasoning: "thinking 2", Content: "Adding one.", ToolCalls: []vllmtest.ToolCall{
				vllmtest.FunctionCall("c2", "python", `{"code": "x + 1"}`)}}
		}
		return vllmtest.Reply{Reasoning: "done", Content: "The answer is \\boxed{" + strings.TrimSpace(tools[1].Content) + "}."}
	}
}

func TestFunctionLoopAnswersEachCall(t *testing.T) {
	for _, field := range []string{"reasoning", "reasoning_content"} {
		t.Run(field, func(t *testing.T) {
			var seen []vllmtest.Request
			var mu sync.Mutex
			opts := vllmtest.Options{Respond: toolArithmetic(t, &seen, &mu), ReasoningField: field}
			l, _ := testLoop(t, opts, true, Settings{Format: Function})
			c := generateOne(t, l, chatRequest(1000))
			if c.Text != "The answer is \\boxed{43}." || c.Reasoning != "done" {
				t.Errorf("answer %q, reasoning %q", c.Text, c.Reasoning)
			}
			got := calls(c)
			if len(got) != 2 || got[0].Output != "42\n" || got[1].Output != "43\n" || got[1].Code != "x + 1" {
				t.Fatalf("calls = %+v", got)
			}
			if c.ToolTurns[1].Text != "Adding one." || c.ToolTurns[0].Reasoning != "thinking 1" {
				t.Errorf("turns = %+v", c.ToolTurns)
			}
			if len(seen) != 3 || len(seen[0].Tools) != 1 || seen[0].Tools[0] != "python" {
				t.Errorf("requests = %+v: want 3, each offering the python tool", seen)
			}
		})
	}
}

func TestFunctionLoopToolErrors(t *testing.T) {
	respond := func(r vllmtest.Request) vllmtest.Reply {
		if r.Last().Role == "tool" {
			return vllmtest.Reply{Content: "\\boxed{1}"}
		}
		return vllmtest.Reply{ToolCalls: []vllmtest.ToolCall{
			vllmtest.FunctionCall("a", "bash", `{"code": "ls"}`),
			vllmtest.FunctionCall("b", "python", `{"source": "print(1)"}`),
			vllmtest.FunctionCall("c", "python", "print('raw code')"),
			vllmtest.FunctionCall("", "python", `{"code": "import os; os.kill(os.getppid(), 9)"}`),
		}}
	}
	l, _ := testLoop(t, vllmtest.Options{Respond: respond}, true, Settings{Format: Function})
	c := generateOne(t, l, chatRequest(1000))
	got := calls(c)
	if len(got) != 4 {
		t.Fatalf("got %d calls, want 4", len(got))
	}
	if !strings.Contains(got[0].Error, `unknown tool "bash"`) || !strings.Contains(got[1].Error, `{"code"`) {
		t.Errorf("unknown tool and bad arguments: %+v %+v", got[0], got[1])
	}
	if got[2].Code != "print('raw code')" || got[2].Output != "raw code\n" {
		t.Errorf("arguments that are not JSON should run as code: %+v", got[2])
	}
	if got[3].ID != "call_0_3" {
		t.Errorf("a call without an id got %q, want a deterministic one", got[3].ID)
	}
	if c.Text != "\\boxed{1}" {
		t.Errorf("the conversation did not reach its answer: %q", c.Text)
	}
}

func TestFunctionLoopLimits(t *testing.T) {
	again := func(r vllmtest.Request) vllmtest.Reply {
		return vllmtest.Reply{Content: "more", ToolCalls: []vllmtest.ToolCall{vllmtest.FunctionCall("", "python", `{"code": "print(1)"}`)}}
	}
	t.Run("round limit", func(t *testing.T) {
		l, _ := testLoop(t, vllmtest.Options{Respond: again}, true, Settings{Format: Function, MaxRounds: 3})
		c := generateOne(t, l, chatRequest(1000))
		if len(c.ToolTurns) != 4 || !c.ToolTurns[3].Calls[0].Unanswered || !strings.Contains(c.ToolTurns[3].Stop, "max_rounds 3") {
			t.Errorf("turns = %+v: want three answered rounds, then one unanswered", c.ToolTurns)
		}
	})
	t.Run("context full", func(t *testing.T) {
		opts := vllmtest.Options{Respond: again, Fault: vllmtest.Script(vllmtest.None, vllmtest.BadRequest)}
		l, _ := testLoop(t, opts, true, Settings{Format: Function})
		c := generateOne(t, l, chatRequest(1000))
		if len(c.ToolTurns) != 1 || !strings.Contains(c.ToolTurns[0].Stop, "context") {
			t.Errorf("turns = %+v: want the conversation ended at the server's context error", c.ToolTurns)
		}
	})
	t.Run("a first turn refused is a failure", func(t *testing.T) {
		opts := vllmtest.Options{Respond: again, Fault: vllmtest.Script(vllmtest.BadRequest)}
		l, _ := testLoop(t, opts, true, Settings{Format: Function})
		if _, err := l.Generate(t.Context(), chatRequest(1000)); err == nil {
			t.Error("Generate succeeded; want the refusal of the first turn as an error")
		}
	})
}

func TestPythonToolSchemaIsJSON(t *testing.T) {
	var v map[string]any
	if err := json.Unmarshal(pythonTool(Settings{}.withDefaults()).Parameters, &v); err != nil {
		t.Fatal(err)
	}
}
