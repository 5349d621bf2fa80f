// Package backends defines the small interfaces through which aimo talks to the
// outside world: a Generator turns one request into completions. Implementations
// live in sub-packages (openai, replay); they know nothing about caching, which the
// runner does around them.
package backends

import (
	"context"
	"errors"
	"fmt"
)

// Message is one chat turn.
type Message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// Sampling holds every sampling parameter that changes a generation. Zero values
// mean "not set" except where noted; the runner always sets MaxTokens.
type Sampling struct {
	Temperature float64  `json:"temperature"`
	TopP        float64  `json:"top_p,omitempty"`
	TopK        int      `json:"top_k,omitempty"`
	MinP        float64  `json:"min_p,omitempty"`
	MaxTokens   int      `json:"max_tokens"`
	Stop        []string `json:"stop,omitempty"`
	// Logprobs is the number of top logprobs to request per token (0 = none).
	Logprobs int `json:"logprobs,omitempty"`
	// ReasoningEffort is gpt-oss's low, medium or high ("" = the model's
	// default); servers render it into the harmony system message.
	ReasoningEffort string `json:"reasoning_effort,omitempty"`
}

// Request asks for N samples of one prompt. Exactly one of Messages (chat) and
// Prompt (plain completion) is set.
type Request struct {
	// Model is the name the server knows the model (or LoRA adapter) by.
	Model    string    `json:"model"`
	Messages []Message `json:"messages,omitempty"`
	Prompt   string    `json:"prompt,omitempty"`
	Sampling Sampling  `json:"sampling"`
	// N is the number of samples wanted; FirstSample is the index of the first one,
	// so sample i of a problem uses seed Seed+i and requests can be split.
	N           int   `json:"n"`
	FirstSample int   `json:"first_sample"`
	Seed        int64 `json:"seed"`
	// ProblemID and ProblemText let a replay backend find recorded completions;
	// servers ignore them.
	ProblemID   string `json:"problem_id,omitempty"`
	ProblemText string `json:"problem_text,omitempty"`
}

// Completion is one sample. Optional measurements are nil when the backend did
// not report them.
type Completion struct {
	Text             string   `json:"text"`
	Reasoning        string   `json:"reasoning,omitempty"`
	FinishReason     string   `json:"finish_reason,omitempty"`
	PromptTokens     int      `json:"prompt_tokens,omitempty"`
	CompletionTokens int      `json:"completion_tokens,omitempty"`
	LatencyS         float64  `json:"latency_s,omitempty"`
	MeanEntropy      *float64 `json:"mean_entropy,omitempty"`
	TailEntropy      *float64 `json:"tail_entropy,omitempty"`
	Score            *float64 `json:"score,omitempty"`
	// ToolTurns is the whole conversation of a tool-using attempt, one entry
	// per model turn; nil for a plain generation.
	ToolTurns []Turn `json:"tool_turns,omitempty"`
}

// Generator turns a request into exactly req.N completions, in sample order.
type Generator interface {
	Generate(ctx context.Context, req Request) ([]Completion, error)
}

// PermanentError marks a failure that retrying will not fix (bad request, unknown
// model, a replay file without this problem). Anything else is worth a retry.
type PermanentError struct {
	Err error
}

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// Permanent wraps err as a PermanentError.
func Permanent(format string, args ...any) error {
	return &PermanentError{Err: fmt.Errorf(format, args...)}
}

// IsPermanent reports whether err should not be retried.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}
