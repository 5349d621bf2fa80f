package backends

import (
	"context"
	"encoding/json"
)

// Turn is one model turn of a tool-using conversation: what the model wrote,
// and each tool call it made with what the tool answered. A completion's
// turns hold the whole conversation after the prompt, so it can be shown,
// counted and replayed without asking the model again.
type Turn struct {
	// Text is what the model wrote in this turn: the message content, or for
	// code written in the text (```python fences) the segment generated in
	// this turn.
	Text string `json:"text,omitempty"`
	// Reasoning is the turn's reasoning channel, kept apart from Text.
	Reasoning string `json:"reasoning,omitempty"`
	Calls     []Call `json:"calls,omitempty"`
	// FinishReason is the server's finish reason for the turn.
	FinishReason     string  `json:"finish_reason,omitempty"`
	PromptTokens     int     `json:"prompt_tokens,omitempty"`
	CompletionTokens int     `json:"completion_tokens,omitempty"`
	LatencyS         float64 `json:"latency_s,omitempty"`
	// Stop says why the conversation ended after this turn when the model
	// did not end it itself: the round limit, the token budget, the model's
	// context length, or what a recorded conversation ended with.
	Stop string `json:"stop,omitempty"`
}

// Call is one tool call and its result.
type Call struct {
	// ID is the call's id in the chat API (empty for code in the text).
	ID string `json:"id,omitempty"`
	// Name is the tool the model called, as it wrote it.
	Name string `json:"name,omitempty"`
	// Arguments are the call's arguments exactly as the model wrote them
	// (function tools only).
	Arguments string `json:"arguments,omitempty"`
	// Code is the Python the call ran.
	Code string `json:"code"`
	// Output is exactly what the model was shown as the result.
	Output string `json:"output"`
	// Error is the failure part of Output (a traceback, the timeout notice, an
	// unknown tool); empty when the code ran without error.
	Error     string `json:"error,omitempty"`
	TimedOut  bool   `json:"timed_out,omitempty"`
	Truncated bool   `json:"truncated,omitempty"`
	// Reset says the Python state was lost after this call.
	Reset     bool    `json:"reset,omitempty"`
	DurationS float64 `json:"duration_s,omitempty"`
	// Unanswered marks a call that was never run: the conversation ended
	// before its result was given.
	Unanswered bool `json:"unanswered,omitempty"`
}

// Tool is a function the model may call through the chat API.
type Tool struct {
	Name        string
	Description string
	// Parameters is the JSON schema of the arguments object.
	Parameters json.RawMessage
}

// Exchange is one request of a multi-turn conversation. The backend renders
// it for its endpoint: Turns become assistant and tool messages; Continue is
// text the model goes on from (appended to a completion prompt, or sent as an
// assistant message to continue).
type Exchange struct {
	Model    string
	Messages []Message
	Prompt   string
	Turns    []Turn
	Continue string
	Tools    []Tool
	Sampling Sampling
	Seed     int64
}

// Reply is the model's answer to one Exchange.
type Reply struct {
	Text      string
	Reasoning string
	// Calls are the tool calls the model asked for (ID, Name, Arguments).
	Calls        []Call
	FinishReason string
	// StopReason is the stop string that ended the reply, when the server
	// says (vLLM does); empty otherwise.
	StopReason       string
	PromptTokens     int
	CompletionTokens int
	LatencyS         float64
	MeanEntropy      *float64
	TailEntropy      *float64
}

// Stepper is a backend that can take one step of a conversation; tool loops
// drive it.
type Stepper interface {
	Step(ctx context.Context, ex Exchange) (Reply, error)
}

// ToolUse sums up a conversation's tool calls: those run, those that failed
// (an exception, a timeout, an unknown tool: Error set) and the seconds the
// code ran. Unanswered calls count in none of them.
type ToolUse struct {
	Calls, Errors int
	Seconds       float64
}

// Usage sums the calls of turns.
func Usage(turns []Turn) ToolUse {
	var u ToolUse
	for _, t := range turns {
		for _, c := range t.Calls {
			if c.Unanswered {
				continue
			}
			u.Calls++
			if c.Error != "" {
				u.Errors++
			}
			u.Seconds += c.DurationS
		}
	}
	return u
}
