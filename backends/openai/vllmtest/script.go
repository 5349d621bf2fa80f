package vllmtest

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Responder scripts a server's replies: it is called once per choice with
// what the request asked, and says what the model writes. It must be safe
// for concurrent use.
type Responder func(Request) Reply

// Request is what one generation request asked, as a Responder sees it.
type Request struct {
	// Chat is true for /v1/chat/completions.
	Chat     bool
	Messages []Message
	Prompt   string
	// Tools names the function tools offered.
	Tools []string
	// Continue says the model goes on from the last (assistant) message.
	Continue  bool
	Seed      int64
	MaxTokens int // -1: no limit
	Stop      []string
}

// Message is one chat message of a request.
type Message struct {
	Role       string
	Content    string
	Reasoning  string // sent as reasoning or reasoning_content
	ToolCalls  []ToolCall
	ToolCallID string
	Name       string
}

// ToolCall is a function call in the chat API's shape.
type ToolCall struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

// FunctionCall builds a ToolCall.
func FunctionCall(id, name, arguments string) ToolCall {
	c := ToolCall{ID: id, Type: "function"}
	c.Function.Name, c.Function.Arguments = name, arguments
	return c
}

// Reply is what the scripted model writes. The server applies the
// request's stop strings and token limit to Content as vLLM does: the text
// ends before the first stop string (finish_reason "stop", stop_reason the
// string), or after max_tokens whitespace-separated tokens ("length").
type Reply struct {
	Content   string
	Reasoning string
	ToolCalls []ToolCall
}

// Last returns the last message of req, or a zero Message.
func (r Request) Last() Message {
	if len(r.Messages) == 0 {
		return Message{}
	}
	return r.Messages[len(r.Messages)-1]
}

// Text is the prompt of a completion request, or the content of the last
// message of a chat request.
func (r Request) Text() string {
	if !r.Chat {
		return r.Prompt
	}
	return r.Last().Content
}

func (s *Server) scripted(req *request, p params, chat bool) (response, string) {
	sr, msg := scriptRequest(req, p, chat)
	if msg != "" {
		return response{}, msg
	}
	resp := response{ID: "cmpl-test", Object: "text_completion", Model: s.modelName()}
	if chat {
		resp.Object = "chat.completion"
	}
	resp.Usage.PromptTokens = len(strings.Fields(p.prompt))
	for i := range p.n {
		sr.Seed = p.seed + int64(i)
		c, tokens := s.scriptedChoice(sr, i)
		resp.Choices = append(resp.Choices, c)
		resp.Usage.CompletionTokens += tokens
	}
	resp.Usage.TotalTokens = resp.Usage.PromptTokens + resp.Usage.CompletionTokens
	return resp, ""
}

func (s *Server) scriptedChoice(sr Request, i int) (choice, int) {
	r := s.opts.Respond(sr)
	text, finish, stop := cut(r.Content, sr.Stop, sr.MaxTokens)
	tokens := len(strings.Fields(r.Reasoning)) + len(strings.Fields(text))
	c := choice{Index: i, FinishReason: finish, StopReason: stop}
	if !sr.Chat {
		c.Text = &text
		return c, tokens
	}
	c.Message = &chatMessage{Role: "assistant", Content: text}
	if r.Reasoning != "" {
		if s.opts.ReasoningField == "reasoning_content" {
			c.Message.ReasoningContent = &r.Reasoning
		} else {
			c.Message.Reasoning = &r.Reasoning
		}
	}
	if len(r.ToolCalls) > 0 && finish == "stop" {
		c.Message.ToolCalls, c.FinishReason = r.ToolCalls, "tool_calls"
	}
	return c, tokens
}

// cut applies stop strings, then the token limit, to text.
func cut(text string, stops []string, maxTokens int) (string, string, *string) {
	at, which := -1, ""
	for _, s := range stops {
		if i := strings.Index(text, s); i >= 0 && (at < 0 || i < at) {
			at, which = i, s
		}
	}
	var stop *string
	if at >= 0 {
		text, stop = text[:at], &which
	}
	if maxTokens >= 0 && len(strings.Fields(text)) > maxTokens {
		return firstTokens(text, maxTokens), "length", nil
	}
	return text, "stop", stop
}

// firstTokens keeps text up to the end of its n-th whitespace-separated token.
func firstTokens(text string, n int) string {
	seen, inWord := 0, false
	for i, r := range text {
		space := r == ' ' || r == '\n' || r == '\t'
		if !space && !inWord {
			if seen == n {
				return text[:i]
			}
			seen++
		}
		inWord = !space
	}
	return text
}

func scriptRequest(req *request, p params, chat bool) (Request, string) {
	sr := Request{Chat: chat, Continue: req.ContinueFinalMessage, MaxTokens: p.maxTokens}
	if req.Prompt != nil {
		sr.Prompt = *req.Prompt
	}
	for _, t := range req.Tools {
		sr.Tools = append(sr.Tools, t.Function.Name)
	}
	for _, m := range req.Messages {
		r := m.Reasoning
		if r == "" {
			r = m.ReasoningContent
		}
		sr.Messages = append(sr.Messages, Message{Role: m.Role, Content: m.Content, Reasoning: r,
			ToolCalls: m.ToolCalls, ToolCallID: m.ToolCallID, Name: m.Name})
	}
	stops, msg := parseStops(req.Stop)
	sr.Stop = stops
	return sr, msg
}

func parseStops(raw json.RawMessage) ([]string, string) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, ""
	}
	var one string
	if json.Unmarshal(raw, &one) == nil {
		return []string{one}, ""
	}
	var list []string
	if json.Unmarshal(raw, &list) != nil {
		return nil, "stop must be a string or a list of strings"
	}
	return list, ""
}

// checkConversation refuses what OpenAI-compatible servers refuse: a tool
// call left unanswered, a tool result for no call, and a continuation that
// does not continue an assistant message.
func checkConversation(req *request) string {
	if req.ContinueFinalMessage {
		if req.AddGenerationPrompt == nil || *req.AddGenerationPrompt {
			return "Cannot set both `continue_final_message` and `add_generation_prompt` to True."
		}
		if req.Messages[len(req.Messages)-1].Role != "assistant" {
			return "continue_final_message needs the last message to be an assistant message"
		}
	}
	open := map[string]bool{}
	for i, m := range req.Messages {
		if len(open) > 0 && m.Role != "tool" {
			return fmt.Sprintf("messages[%d]: an assistant message with 'tool_calls' must be followed by tool messages responding to each 'tool_call_id'", i)
		}
		switch m.Role {
		case "assistant":
			for _, c := range m.ToolCalls {
				open[c.ID] = true
			}
		case "tool":
			if !open[m.ToolCallID] {
				return fmt.Sprintf("messages[%d]: tool message for unknown tool_call_id %q", i, m.ToolCallID)
			}
			delete(open, m.ToolCallID)
		}
	}
	if len(open) > 0 {
		return "the last assistant message's tool calls have no tool messages"
	}
	return ""
}
