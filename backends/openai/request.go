package openai

import (
	"encoding/json"
	"strings"

	"github.com/aimo-dev/aimo/backends"
)

// wireRequest is the body of both endpoints. Zero optional values are left out
// so the server's "not set" applies; temperature, n, seed and the token limit
// are always sent because servers fill them from different defaults.
type wireRequest struct {
	Model               string   `json:"model,omitempty"`
	Messages            any      `json:"messages,omitempty"`
	Prompt              *string  `json:"prompt,omitempty"`
	N                   int      `json:"n"`
	Seed                int64    `json:"seed"`
	Temperature         float64  `json:"temperature"`
	TopP                float64  `json:"top_p,omitempty"`
	TopK                int      `json:"top_k,omitempty"`
	MinP                float64  `json:"min_p,omitempty"`
	MaxTokens           int      `json:"max_tokens,omitempty"`
	MaxCompletionTokens int      `json:"max_completion_tokens,omitempty"`
	Stop                []string `json:"stop,omitempty"`
	Logprobs            any      `json:"logprobs,omitempty"`
	TopLogprobs         int      `json:"top_logprobs,omitempty"`
	ReasoningEffort     string   `json:"reasoning_effort,omitempty"`
	// The fields below are sent by Step only.
	Tools      []wireTool `json:"tools,omitempty"`
	ToolChoice string     `json:"tool_choice,omitempty"`
	// ContinueFinalMessage and AddGenerationPrompt (vLLM's names) make the
	// model go on from the last assistant message instead of starting a new
	// one.
	ContinueFinalMessage bool  `json:"continue_final_message,omitempty"`
	AddGenerationPrompt  *bool `json:"add_generation_prompt,omitempty"`
}

// call is one encoded request, ready to send (and resend).
type call struct {
	path string
	body []byte
	n    int
	// decode takes a 200 body and the attempt's latency in seconds; an error
	// counts as a bad answer, worth a retry.
	decode func(body []byte, latency float64) error
}

// encode builds the request body. The seed is Seed+FirstSample: vLLM gives child
// i of a request seed+i, so sample j of a problem always gets Seed+j however
// the runner splits its samples into requests.
func (c *Client) encode(req backends.Request) (call, error) {
	if req.N < 1 {
		return call{}, backends.Permanent("openai: request asks for %d samples", req.N)
	}
	w := c.wire(req.Model, req.Sampling, req.N, req.Seed+int64(req.FirstSample))
	path := "/completions"
	if c.cfg.Chat {
		path = "/chat/completions"
		msgs := req.Messages
		if len(msgs) == 0 {
			msgs = []backends.Message{{Role: "user", Content: req.Prompt}}
		}
		w.Messages = msgs
	} else {
		if req.Prompt == "" && len(req.Messages) > 0 {
			return call{}, errNeedsChat
		}
		w.Prompt = &req.Prompt
	}
	return encoded(path, w, req.N)
}

var errNeedsChat = backends.Permanent("openai: chat messages need chat: true (the completions endpoint takes a rendered prompt)")

// wire fills the fields every request sends, for the client's endpoint.
func (c *Client) wire(model string, s backends.Sampling, n int, seed int64) wireRequest {
	w := wireRequest{
		Model: model, N: n, Seed: seed,
		Temperature: s.Temperature, TopP: s.TopP, TopK: s.TopK, MinP: s.MinP,
		MaxTokens: s.MaxTokens, Stop: s.Stop,
	}
	if !c.cfg.Chat {
		if s.Logprobs > 0 {
			w.Logprobs = s.Logprobs
		}
		return w
	}
	// vLLM prefers max_completion_tokens; older servers only know max_tokens.
	w.MaxCompletionTokens = s.MaxTokens
	if s.Logprobs > 0 {
		w.Logprobs, w.TopLogprobs = true, s.Logprobs
	}
	w.ReasoningEffort = s.ReasoningEffort
	return w
}

func encoded(path string, w wireRequest, n int) (call, error) {
	body, err := json.Marshal(w)
	if err != nil {
		return call{}, backends.Permanent("openai: encode request: %w", err)
	}
	return call{path: path, body: body, n: n}, nil
}

// endpoint joins a base URL and an API path, accepting bases with or without
// the trailing /v1 that OpenAI SDK users habitually include.
func endpoint(base, path string) string {
	base = strings.TrimRight(base, "/")
	if strings.HasSuffix(base, "/v1") {
		return base + path
	}
	return base + "/v1" + path
}
