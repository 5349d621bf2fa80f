package openai

import (
	"encoding/json"
	"fmt"

	"github.com/aimo-dev/aimo/backends"
)

type wireResponse struct {
	Choices []wireChoice `json:"choices"`
	Usage   *struct {
		PromptTokens     int `json:"prompt_tokens"`
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
}

type wireChoice struct {
	Index        int           `json:"index"`
	Text         *string       `json:"text"`
	Message      *wireMessage  `json:"message"`
	FinishReason string        `json:"finish_reason"`
	Logprobs     *wireLogprobs `json:"logprobs"`
	// StopReason is vLLM's: the stop string or token id that ended the
	// choice, or null.
	StopReason json.RawMessage `json:"stop_reason"`
}

type wireMessage struct {
	Content          *string        `json:"content"`
	Reasoning        *string        `json:"reasoning"`
	ReasoningContent *string        `json:"reasoning_content"`
	ToolCalls        []wireToolCall `json:"tool_calls"`
}

// wireLogprobs holds both shapes: chat fills Content, completions fill Tokens
// and the per-position TopLogprobs maps.
type wireLogprobs struct {
	Content     []wireToken          `json:"content"`
	Tokens      []string             `json:"tokens"`
	TopLogprobs []map[string]float64 `json:"top_logprobs"`
}

type wireToken struct {
	Token       string    `json:"token"`
	Logprob     float64   `json:"logprob"`
	TopLogprobs []wireAlt `json:"top_logprobs"`
}

type wireAlt struct {
	Token   string  `json:"token"`
	Logprob float64 `json:"logprob"`
}

// wrongNError is a well-formed response with the wrong choices in it.
type wrongNError struct{ want, got int }

func (e *wrongNError) Error() string {
	return fmt.Sprintf("server returned %d choices for n=%d", e.got, e.want)
}

// badBodyError is a 200 whose body is not the JSON we asked for.
type badBodyError struct{ err error }

func (e *badBodyError) Error() string { return "invalid response body: " + e.err.Error() }
func (e *badBodyError) Unwrap() error { return e.err }

// decode turns a 200 body into exactly n completions in index order.
func decode(body []byte, n int) ([]backends.Completion, error) {
	var resp wireResponse
	if err := json.Unmarshal(body, &resp); err != nil {
		return nil, &badBodyError{err}
	}
	choices, err := ordered(resp.Choices, n)
	if err != nil {
		return nil, err
	}
	total, prompt := 0, 0
	if resp.Usage != nil {
		total, prompt = resp.Usage.CompletionTokens, resp.Usage.PromptTokens
	}
	tokens := splitTokens(choices, total)
	out := make([]backends.Completion, n)
	for i, ch := range choices {
		if err := checkContent(ch); err != nil {
			return nil, err
		}
		out[i] = completion(ch)
		out[i].PromptTokens, out[i].CompletionTokens = prompt, tokens[i]
	}
	return out, nil
}

// ordered places choices by their index and insists on exactly 0..n-1: a
// server that drops or duplicates a choice must not shift later samples.
func ordered(choices []wireChoice, n int) ([]wireChoice, error) {
	if len(choices) != n {
		return nil, &wrongNError{want: n, got: len(choices)}
	}
	out := make([]wireChoice, n)
	seen := make([]bool, n)
	for _, ch := range choices {
		if ch.Index < 0 || ch.Index >= n || seen[ch.Index] {
			return nil, &wrongNError{want: n, got: len(choices)}
		}
		seen[ch.Index], out[ch.Index] = true, ch
	}
	return out, nil
}

// checkContent refuses a choice that carries no generation at all: no
// message or text, or "content": null with neither reasoning nor tool calls.
// Storing it as an empty success would serve a server's glitch as the
// model's answer for ever; as a bad body it is retried like other failures.
func checkContent(ch wireChoice) error {
	m := ch.Message
	switch {
	case ch.Text != nil:
		return nil
	case m == nil:
		return &badBodyError{fmt.Errorf("choice %d has neither a message nor a text", ch.Index)}
	case m.Content == nil && deref(m.Reasoning) == "" && deref(m.ReasoningContent) == "" && len(m.ToolCalls) == 0:
		return &badBodyError{fmt.Errorf(`choice %d has "content": null and no reasoning or tool calls`, ch.Index)}
	}
	return nil
}

func completion(ch wireChoice) backends.Completion {
	c := backends.Completion{FinishReason: ch.FinishReason}
	switch {
	case ch.Message != nil:
		c.Text = deref(ch.Message.Content)
		// vLLM renamed reasoning_content to reasoning; older servers, SGLang and
		// llama.cpp still send the old name.
		c.Reasoning = deref(ch.Message.Reasoning)
		if c.Reasoning == "" {
			c.Reasoning = deref(ch.Message.ReasoningContent)
		}
	case ch.Text != nil:
		c.Text = *ch.Text
	}
	c.MeanEntropy, c.TailEntropy = entropies(positions(ch.Logprobs))
	return c
}

// splitTokens shares usage.completion_tokens, which servers sum over the n
// choices, among the choices: by each choice's count of logprob entries (one
// per generated token) when every choice has them, else evenly, giving the
// remainder to the first choices so the parts still add up to the total.
func splitTokens(choices []wireChoice, total int) []int {
	out := make([]int, len(choices))
	counted := true
	for i, ch := range choices {
		out[i] = tokenCount(ch.Logprobs)
		counted = counted && out[i] > 0
	}
	if counted {
		return out
	}
	n := len(choices)
	for i := range out {
		out[i] = total / n
		if i < total%n {
			out[i]++
		}
	}
	return out
}

func tokenCount(lp *wireLogprobs) int {
	if lp == nil {
		return 0
	}
	return max(len(lp.Content), len(lp.Tokens))
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
