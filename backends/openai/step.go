package openai

import (
	"context"
	"encoding/json"

	"github.com/aimo-dev/aimo/backends"
)

var _ backends.Stepper = (*Client)(nil)

// wireTool is a function tool in the chat API's shape.
type wireTool struct {
	Type     string       `json:"type"`
	Function wireFunction `json:"function"`
}

type wireFunction struct {
	Name        string          `json:"name"`
	Description string          `json:"description,omitempty"`
	Parameters  json.RawMessage `json:"parameters,omitempty"`
}

// outMessage is a chat message aimo sends: a prompt message, an earlier
// assistant turn with its reasoning and tool calls, or a tool's result.
type outMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
	// An assistant turn's reasoning goes back under the name the server
	// used for it.
	Reasoning        string         `json:"reasoning,omitempty"`
	ReasoningContent string         `json:"reasoning_content,omitempty"`
	ToolCalls        []wireToolCall `json:"tool_calls,omitempty"`
	ToolCallID       string         `json:"tool_call_id,omitempty"`
	Name             string         `json:"name,omitempty"`
}

type wireToolCall struct {
	ID       string `json:"id,omitempty"`
	Type     string `json:"type,omitempty"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

// Step sends one request of a conversation and returns the single reply.
// The seed is ex.Seed as given.
func (c *Client) Step(ctx context.Context, ex backends.Exchange) (backends.Reply, error) {
	call, err := c.encodeStep(ex)
	if err != nil {
		return backends.Reply{}, err
	}
	var reply backends.Reply
	call.decode = func(body []byte, latency float64) error {
		r, err := c.decodeStep(body)
		if err != nil {
			return err
		}
		r.LatencyS = latency
		reply = r
		return nil
	}
	if err := c.send(ctx, call); err != nil {
		return backends.Reply{}, err
	}
	return reply, nil
}

func (c *Client) encodeStep(ex backends.Exchange) (call, error) {
	w := c.wire(ex.Model, ex.Sampling, 1, ex.Seed)
	if !c.cfg.Chat {
		if len(ex.Turns) > 0 || len(ex.Tools) > 0 {
			return call{}, backends.Permanent("openai: function tools need the chat endpoint (endpoint: 'chat')")
		}
		if ex.Prompt == "" && len(ex.Messages) > 0 {
			return call{}, errNeedsChat
		}
		prompt := ex.Prompt + ex.Continue
		w.Prompt = &prompt
		return encoded("/completions", w, 1)
	}
	w.Messages = c.messages(ex)
	if ex.Continue != "" {
		no := false
		w.ContinueFinalMessage, w.AddGenerationPrompt = true, &no
	}
	for _, t := range ex.Tools {
		w.Tools = append(w.Tools, wireTool{Type: "function", Function: wireFunction{t.Name, t.Description, t.Parameters}})
	}
	if len(w.Tools) > 0 {
		w.ToolChoice = "auto"
	}
	return encoded("/chat/completions", w, 1)
}

// messages renders the prompt, then each turn as an assistant message
// followed by one tool message per answered call, then the text to continue.
func (c *Client) messages(ex backends.Exchange) []outMessage {
	var out []outMessage
	for _, m := range ex.Messages {
		out = append(out, outMessage{Role: m.Role, Content: m.Content})
	}
	if len(out) == 0 {
		out = append(out, outMessage{Role: "user", Content: ex.Prompt})
	}
	for _, t := range ex.Turns {
		out = append(out, c.assistant(t))
		for _, call := range t.Calls {
			if !call.Unanswered {
				out = append(out, outMessage{Role: "tool", Content: call.Output, ToolCallID: call.ID, Name: call.Name})
			}
		}
	}
	if ex.Continue != "" {
		out = append(out, outMessage{Role: "assistant", Content: ex.Continue})
	}
	return out
}

func (c *Client) assistant(t backends.Turn) outMessage {
	m := outMessage{Role: "assistant", Content: t.Text}
	if c.reasoningField.Load() == "reasoning_content" {
		m.ReasoningContent = t.Reasoning
	} else {
		m.Reasoning = t.Reasoning
	}
	for _, call := range t.Calls {
		w := wireToolCall{ID: call.ID, Type: "function"}
		w.Function.Name, w.Function.Arguments = call.Name, call.Arguments
		m.ToolCalls = append(m.ToolCalls, w)
	}
	return m
}

// decodeStep reads the one choice of a step's reply.
func (c *Client) decodeStep(body []byte) (backends.Reply, error) {
	var resp wireResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		return backends.Reply{}, &badBodyError{err}
	}
	choices, err := ordered(resp.Choices, 1)
	if err != nil {
		return backends.Reply{}, err
	}
	ch := choices[0]
	if err := checkContent(ch); err != nil {
		return backends.Reply{}, err
	}
	comp := completion(ch)
	r := backends.Reply{
		Text: comp.Text, Reasoning: comp.Reasoning, FinishReason: ch.FinishReason,
		StopReason: stopString(ch.StopReason), MeanEntropy: comp.MeanEntropy, TailEntropy: comp.TailEntropy,
	}
	if resp.Usage != nil {
		r.PromptTokens, r.CompletionTokens = resp.Usage.PromptTokens, resp.Usage.CompletionTokens
	}
	if m := ch.Message; m != nil {
		switch {
		case m.Reasoning != nil:
			c.reasoningField.Store("reasoning")
		case m.ReasoningContent != nil:
			c.reasoningField.Store("reasoning_content")
		}
		for _, tc := range m.ToolCalls {
			r.Calls = append(r.Calls, backends.Call{ID: tc.ID, Name: tc.Function.Name, Arguments: tc.Function.Arguments})
		}
	}
	return r, nil
}

// stopString reads vLLM's stop_reason: the stop string that matched, a
// stop token's id (a number), or null.
func stopString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}
