package replay

import (
	"encoding/json"
	"fmt"

	"github.com/aimo-dev/aimo/backends"
)

// turnsOf reads a recorded chat conversation (OpenAI message shape) into
// turns: each assistant message is a turn and its tool_calls its calls;
// each tool message is the result of the call it names; a call no tool
// message answers is unanswered. The prompt (the system and user messages
// before the first assistant message) is the experiment's, not the
// completion's, and is left out. A system message after that ends the
// conversation: a harness's note of why (an API error) kept as the last
// turn's Stop. Anything else is refused rather than dropped.
func turnsOf(v any) ([]backends.Turn, error) {
	list, ok := v.([]any)
	if !ok {
		return nil, fmt.Errorf("want a list of chat messages, got %s", describe(v))
	}
	conv := &conversation{turns: []backends.Turn{}, answered: map[[2]int]bool{}}
	for i, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("message %d: want an object, got %s", i, describe(item))
		}
		if err := conv.add(m); err != nil {
			return nil, fmt.Errorf("message %d: %w", i, err)
		}
	}
	for t := range conv.turns {
		for c := range conv.turns[t].Calls {
			conv.turns[t].Calls[c].Unanswered = !conv.answered[[2]int{t, c}]
		}
	}
	return conv.turns, nil
}

// conversation is a recorded conversation being read: its turns so far and
// which calls (turn, call) a tool message answered.
type conversation struct {
	turns    []backends.Turn
	answered map[[2]int]bool
}

func (cv *conversation) add(m map[string]any) error {
	role, _ := m["role"].(string)
	switch {
	case role == "assistant":
		cv.turns = append(cv.turns, assistantTurn(m))
	case len(cv.turns) == 0 && (role == "system" || role == "user" || role == "developer"):
		// The prompt.
	case role == "tool":
		return cv.answer(m)
	case role == "system":
		last := &cv.turns[len(cv.turns)-1]
		if last.Stop != "" {
			return fmt.Errorf("a second system message after the conversation began")
		}
		last.Stop = text(m["content"])
	default:
		return fmt.Errorf("a %q message after the conversation began is not supported", role)
	}
	return nil
}

func assistantTurn(m map[string]any) backends.Turn {
	t := backends.Turn{Text: text(m["content"]), Reasoning: text(m["reasoning_content"])}
	if t.Reasoning == "" {
		t.Reasoning = text(m["reasoning"])
	}
	calls, _ := m["tool_calls"].([]any)
	for _, item := range calls {
		tc, _ := item.(map[string]any)
		fn, _ := tc["function"].(map[string]any)
		c := backends.Call{ID: text(tc["id"]), Name: text(fn["name"]), Arguments: text(fn["arguments"])}
		c.Code = codeArgument(c.Arguments)
		t.Calls = append(t.Calls, c)
	}
	return t
}

// answer gives a tool message's content to the latest unanswered call
// with its id.
func (cv *conversation) answer(m map[string]any) error {
	id := text(m["tool_call_id"])
	for t := len(cv.turns) - 1; t >= 0; t-- {
		for c, call := range cv.turns[t].Calls {
			if k := [2]int{t, c}; call.ID == id && !cv.answered[k] {
				cv.turns[t].Calls[c].Output = text(m["content"])
				cv.answered[k] = true
				return nil
			}
		}
	}
	return fmt.Errorf("a tool message for call %q, which no assistant message made or which was answered already", id)
}

// codeArgument is the code of a python call: the "code" argument, or the
// arguments themselves when they are not a JSON object holding it.
func codeArgument(args string) string {
	var v map[string]any
	if json.Unmarshal([]byte(args), &v) == nil {
		if code, ok := v["code"].(string); ok {
			return code
		}
	}
	return args
}

func text(v any) string {
	s, _ := v.(string)
	return s
}
