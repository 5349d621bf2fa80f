package vllmtest

import (
	"strings"
	"unicode/utf8"
)

type usage struct {
	PromptTokens     int `json:"prompt_tokens"`
	CompletionTokens int `json:"completion_tokens"`
	TotalTokens      int `json:"total_tokens"`
}

type response struct {
	ID      string   `json:"id"`
	Object  string   `json:"object"`
	Model   string   `json:"model"`
	Choices []choice `json:"choices"`
	Usage   usage    `json:"usage"`
}

type choice struct {
	Index        int          `json:"index"`
	Message      *chatMessage `json:"message,omitempty"`
	Text         *string      `json:"text,omitempty"`
	Logprobs     any          `json:"logprobs"`
	FinishReason string       `json:"finish_reason"`
	StopReason   *string      `json:"stop_reason"`
}

type chatMessage struct {
	Role             string     `json:"role"`
	Content          string     `json:"content"`
	Reasoning        *string    `json:"reasoning,omitempty"`
	ReasoningContent *string    `json:"reasoning_content,omitempty"`
	ToolCalls        []ToolCall `json:"tool_calls,omitempty"`
}

// chatLogprobs is choices[i].logprobs for chat: one entry per generated token.
type chatLogprobs struct {
	Content []chatToken `json:"content"`
}

type chatToken struct {
	Token       string    `json:"token"`
	Logprob     float64   `json:"logprob"`
	Bytes       []int     `json:"bytes"`
	TopLogprobs []chatAlt `json:"top_logprobs"`
}

type chatAlt struct {
	Token   string  `json:"token"`
	Logprob float64 `json:"logprob"`
	Bytes   []int   `json:"bytes"`
}

// completionLogprobs is the legacy completions shape: parallel arrays.
type completionLogprobs struct {
	Tokens        []string             `json:"tokens"`
	TokenLogprobs []float64            `json:"token_logprobs"`
	TopLogprobs   []map[string]float64 `json:"top_logprobs"`
	TextOffset    []int                `json:"text_offset"`
}

func (s *Server) respond(p params, chat bool) response {
	resp := response{ID: "cmpl-test", Object: "text_completion", Model: s.modelName()}
	if chat {
		resp.Object = "chat.completion"
	}
	resp.Usage.PromptTokens = len(strings.Fields(p.prompt))
	reasoning := chat && s.opts.ReasoningField != ""
	for i := range p.n {
		smp := generate(p.prompt, p.seed+int64(i), s.opts.Words, reasoning, p.maxTokens)
		c := choice{Index: i, FinishReason: smp.finish}
		if chat {
			c.Message = s.message(smp)
			if p.topK >= 0 {
				c.Logprobs = chatLogs(smp, p.topK)
			}
		} else {
			text := smp.text(0, len(smp.tokens))
			c.Text = &text
			if p.topK >= 0 {
				c.Logprobs = completionLogs(smp, p.topK)
			}
		}
		resp.Choices = append(resp.Choices, c)
		resp.Usage.CompletionTokens += len(smp.tokens)
	}
	resp.Usage.TotalTokens = resp.Usage.PromptTokens + resp.Usage.CompletionTokens
	return resp
}

func (s *Server) modelName() string {
	if s.opts.Model == "" {
		return "test-model"
	}
	return s.opts.Model
}

func (s *Server) message(smp sample) *chatMessage {
	m := &chatMessage{Role: "assistant", Content: smp.text(smp.reasoning, len(smp.tokens))}
	if s.opts.ReasoningField == "" {
		return m
	}
	r := smp.text(0, smp.reasoning)
	if s.opts.ReasoningField == "reasoning_content" {
		m.ReasoningContent = &r
	} else {
		m.Reasoning = &r
	}
	return m
}

// chatLogs keeps the first k candidates, as vLLM's chat path does.
func chatLogs(smp sample, k int) chatLogprobs {
	out := chatLogprobs{Content: make([]chatToken, len(smp.tokens))}
	for j, tok := range smp.tokens {
		cands := smp.candidates(j, k)
		t := chatToken{Token: tok, Logprob: cands[0].logprob, Bytes: byteInts(tok), TopLogprobs: []chatAlt{}}
		for _, c := range cands[:k] {
			t.TopLogprobs = append(t.TopLogprobs, chatAlt{c.token, c.logprob, byteInts(c.token)})
		}
		out.Content[j] = t
	}
	return out
}

// completionLogs gives the sampled token plus k ranked ones (k+1 entries).
func completionLogs(smp sample, k int) completionLogprobs {
	var out completionLogprobs
	offset := 0
	for j, tok := range smp.tokens {
		cands := smp.candidates(j, k+1)
		top := make(map[string]float64, len(cands))
		for _, c := range cands {
			top[c.token] = c.logprob
		}
		out.Tokens = append(out.Tokens, tok)
		out.TokenLogprobs = append(out.TokenLogprobs, cands[0].logprob)
		out.TopLogprobs = append(out.TopLogprobs, top)
		out.TextOffset = append(out.TextOffset, offset)
		offset += utf8.RuneCountInString(tok)
	}
	return out
}

func byteInts(s string) []int {
	out := make([]int, len(s))
	for i := 0; i < len(s); i++ {
		out[i] = int(s[i])
	}
	return out
}
