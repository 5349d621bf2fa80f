package replay

import (
	"encoding/json"
	"strings"
	"testing"
)

func decodeMessages(t *testing.T, s string) any {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestTurnsOf(t *testing.T) {
	v := decodeMessages(t, `[
		{"role": "system", "content": "be brief"},
		{"role": "user", "content": "2+2?"},
		{"role": "assistant", "content": "", "reasoning_content": "use python",
		 "tool_calls": [{"id": "a", "type": "function", "function": {"name": "python", "arguments": "{\"code\": \"print(2+2)\"}"}}]},
		{"role": "tool", "tool_call_id": "a", "name": "python", "content": "4\n"},
		{"role": "assistant", "content": "", "reasoning": "again",
		 "tool_calls": [{"id": "b", "type": "function", "function": {"name": "pyton", "arguments": "print(1)"}}]},
		{"role": "system", "content": "Error: 400"}
	]`)
	turns, err := turnsOf(v)
	if err != nil {
		t.Fatal(err)
	}
	if len(turns) != 2 {
		t.Fatalf("got %d turns, want 2 (the prompt is not a turn)", len(turns))
	}
	first, second := turns[0], turns[1]
	if first.Reasoning != "use python" || first.Calls[0].Code != "print(2+2)" || first.Calls[0].Output != "4\n" || first.Calls[0].Unanswered {
		t.Errorf("first turn %+v", first)
	}
	c := second.Calls[0]
	if second.Reasoning != "again" || c.Name != "pyton" || c.Code != "print(1)" || !c.Unanswered || second.Stop != "Error: 400" {
		t.Errorf("second turn %+v: want the misnamed call kept, unanswered, and the harness's error as Stop", second)
	}
}

func TestTurnsOfRefusesWhatItCannotKeep(t *testing.T) {
	cases := map[string]string{
		`[{"role": "tool", "tool_call_id": "x", "content": "1"}]`:                       "no assistant message made",
		`[{"role": "assistant", "content": "hi"}, {"role": "user", "content": "more"}]`: `"user" message`,
		`{"role": "assistant"}`: "list of chat messages",
	}
	for in, want := range cases {
		_, err := turnsOf(decodeMessages(t, in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("turnsOf(%s) = %v, want an error mentioning %q", in, err, want)
		}
	}
}
