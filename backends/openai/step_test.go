package openai_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
)

// stepServer answers every request with reply and hands each request body
// to bodies.
func stepServer(t *testing.T, reply string, bodies chan<- map[string]any) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body map[string]any
		_ = json.Unmarshal(raw, &body)
		bodies <- body
		_, _ = w.Write([]byte(reply))
	}))
	t.Cleanup(s.Close)
	return s
}

func decodeJSON(t *testing.T, s string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// TestStepSendsTheConversation pins the chat body of a function-tool step:
// the earlier turn as an assistant message with its reasoning (under the
// name the server used) and tool calls, one tool message per answered call,
// the tool and reasoning_effort.
func TestStepSendsTheConversation(t *testing.T) {
	bodies := make(chan map[string]any, 2)
	reply := `{"choices":[{"index":0,"finish_reason":"tool_calls","stop_reason":null,"message":{"content":"","reasoning_content":"r2",
		"tool_calls":[{"id":"c9","type":"function","function":{"name":"python","arguments":"{\"code\":\"1\"}"}}]}}],
		"usage":{"prompt_tokens":30,"completion_tokens":7}}`
	s := stepServer(t, reply, bodies)
	c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: true})
	ex := backends.Exchange{
		Model: "m", Messages: []backends.Message{{Role: "user", Content: "q"}}, Seed: 3,
		Sampling: backends.Sampling{Temperature: 1, MaxTokens: 100, ReasoningEffort: "high"},
		Tools:    []backends.Tool{{Name: "python", Description: "run", Parameters: json.RawMessage(`{"type":"object"}`)}},
	}
	first, err := c.Step(context.Background(), ex)
	if err != nil {
		t.Fatal(err)
	}
	<-bodies
	if first.Reasoning != "r2" || len(first.Calls) != 1 || first.Calls[0].ID != "c9" || first.Calls[0].Arguments != `{"code":"1"}` ||
		first.FinishReason != "tool_calls" || first.CompletionTokens != 7 {
		t.Fatalf("reply = %+v", first)
	}
	ex.Turns = []backends.Turn{{Reasoning: "r1", Calls: []backends.Call{
		{ID: "a", Name: "python", Arguments: `{"code":"x=1"}`, Output: "ok\n"},
		{ID: "b", Name: "python", Arguments: `{}`, Unanswered: true},
	}}}
	if _, err := c.Step(context.Background(), ex); err != nil {
		t.Fatal(err)
	}
	want := decodeJSON(t, `{"model":"m","n":1,"seed":3,"temperature":1,"max_tokens":100,"max_completion_tokens":100,
		"reasoning_effort":"high","tool_choice":"auto",
		"tools":[{"type":"function","function":{"name":"python","description":"run","parameters":{"type":"object"}}}],
		"messages":[{"role":"user","content":"q"},
			{"role":"assistant","content":"","reasoning_content":"r1","tool_calls":[
				{"id":"a","type":"function","function":{"name":"python","arguments":"{\"code\":\"x=1\"}"}},
				{"id":"b","type":"function","function":{"name":"python","arguments":"{}"}}]},
			{"role":"tool","content":"ok\n","tool_call_id":"a","name":"python"}]}`)
	if got := <-bodies; !reflect.DeepEqual(got, want) {
		t.Errorf("body\n%v\nwant\n%v", got, want)
	}
}

// TestStepContinuesText pins how text to continue is sent: as a final
// assistant message with continue_final_message on chat, appended to the
// prompt on completions.
func TestStepContinuesText(t *testing.T) {
	for _, chat := range []bool{true, false} {
		bodies := make(chan map[string]any, 1)
		reply := `{"choices":[{"index":0,"finish_reason":"stop","stop_reason":"` + "```\\n" + `","text":"x","message":{"content":"x"}}]}`
		s := stepServer(t, reply, bodies)
		c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: chat})
		ex := backends.Exchange{Model: "m", Prompt: "P:", Continue: "so far", Sampling: backends.Sampling{MaxTokens: 5}}
		if chat {
			ex.Messages = []backends.Message{{Role: "user", Content: "q"}}
		}
		r, err := c.Step(context.Background(), ex)
		if err != nil {
			t.Fatal(err)
		}
		if r.StopReason != "```\n" {
			t.Errorf("stop reason %q, want the stop string", r.StopReason)
		}
		got := <-bodies
		if chat {
			msgs := got["messages"].([]any)
			last := msgs[len(msgs)-1].(map[string]any)
			if last["role"] != "assistant" || last["content"] != "so far" || got["continue_final_message"] != true || got["add_generation_prompt"] != false {
				t.Errorf("chat body %v", got)
			}
		} else if got["prompt"] != "P:so far" || got["continue_final_message"] != nil {
			t.Errorf("completions body %v", got)
		}
	}
}

func TestStepRefusesToolsOnCompletions(t *testing.T) {
	c := newClient(t, openai.Config{BaseURLs: []string{"http://127.0.0.1:1"}})
	_, err := c.Step(context.Background(), backends.Exchange{Prompt: "q", Tools: []backends.Tool{{Name: "python"}}})
	if !backends.IsPermanent(err) {
		t.Errorf("err = %v, want a permanent error", err)
	}
}
