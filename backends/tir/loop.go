package tir

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/sandbox"
)

// Version is part of every tool-using generation's cache key. Bump it when
// what the model is shown changes (block formats, the tool's description,
// how limits end a conversation), so old conversations are not served as
// if they had been held under the new rules.
const Version = "1"

// The loop formats a template may choose.
const (
	Text     = "text"
	Function = "function"
)

// Defaults of Settings.
const (
	DefaultMaxRounds = 16
)

// Settings say how a conversation is held.
type Settings struct {
	// Format is Text or Function.
	Format string
	// MaxRounds is how many times code may be run (default 16). A turn that
	// asks for more ends the conversation with its calls unanswered.
	MaxRounds int
	// Timeout is the sandbox's wall time per call, named in the function
	// tool's description (default sandbox.DefaultTimeout).
	Timeout time.Duration
}

func (s Settings) withDefaults() Settings {
	if s.MaxRounds <= 0 {
		s.MaxRounds = DefaultMaxRounds
	}
	if s.Timeout <= 0 {
		s.Timeout = sandbox.DefaultTimeout
	}
	return s
}

// Loop is a Generator that holds each sample's conversation with Model,
// running the model's code in a session of Pool. Sampling.MaxTokens bounds
// the tokens generated over the whole conversation.
type Loop struct {
	Model    backends.Stepper
	Pool     *sandbox.Pool
	Settings Settings
}

var _ backends.Generator = (*Loop)(nil)

// Generate holds req.N conversations at once, sample i with seed
// Seed+FirstSample+i on every turn.
func (l *Loop) Generate(ctx context.Context, req backends.Request) ([]backends.Completion, error) {
	switch l.Settings.Format {
	case Text, Function:
	default:
		return nil, backends.Permanent("tir: unknown tool format %q (want %q or %q)", l.Settings.Format, Text, Function)
	}
	out := make([]backends.Completion, req.N)
	errs := make([]error, req.N)
	var wg sync.WaitGroup
	for i := range req.N {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], errs[i] = l.attempt(ctx, req, req.Seed+int64(req.FirstSample+i))
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

// attempt is one conversation.
type attempt struct {
	loop     *Loop
	settings Settings
	ex       backends.Exchange
	budget   int
	session  *sandbox.Session
	turns    []backends.Turn
	used     int // completion tokens so far
	rounds   int // tool rounds run
	entropy  entropy
}

// entropy averages the turns' mean token entropies, weighted by their
// tokens, when every turn reports one; the tail is the last turn's.
type entropy struct {
	sum     float64
	tokens  int
	missing bool
	tail    *float64
}

func (e *entropy) add(r backends.Reply) {
	if r.MeanEntropy == nil || r.CompletionTokens == 0 {
		e.missing = true
		return
	}
	e.sum += *r.MeanEntropy * float64(r.CompletionTokens)
	e.tokens += r.CompletionTokens
	e.tail = r.TailEntropy
}

func (e *entropy) mean() (*float64, *float64) {
	if e.missing || e.tokens == 0 {
		return nil, nil
	}
	m := e.sum / float64(e.tokens)
	return &m, e.tail
}

func (l *Loop) attempt(ctx context.Context, req backends.Request, seed int64) (backends.Completion, error) {
	a := &attempt{loop: l, settings: l.Settings.withDefaults(), budget: req.Sampling.MaxTokens,
		ex: backends.Exchange{Model: req.Model, Messages: req.Messages, Prompt: req.Prompt, Sampling: req.Sampling, Seed: seed}}
	defer a.close()
	start := time.Now()
	var text string
	var err error
	if a.settings.Format == Text {
		text, err = a.text(ctx)
	} else {
		text, err = a.function(ctx)
	}
	if err != nil {
		return backends.Completion{}, err
	}
	return a.completion(text, time.Since(start)), nil
}

func (a *attempt) close() {
	if a.session != nil {
		a.session.Close()
	}
}

// step asks the model for the next turn with what is left of the budget. A
// server that refuses because the conversation outgrew the model's context
// ends the conversation (ok false) once it has a turn; on the first turn it
// is the failure it always was.
func (a *attempt) step(ctx context.Context, ex backends.Exchange) (r backends.Reply, ok bool, err error) {
	ex.Sampling.MaxTokens = a.budget - a.used
	r, err = a.loop.Model.Step(ctx, ex)
	if err != nil {
		if len(a.turns) > 0 && contextFull(err) {
			a.turns[len(a.turns)-1].Stop = "the conversation outgrew the model's context: " + err.Error()
			return r, false, nil
		}
		return r, false, fmt.Errorf("turn %d: %w", len(a.turns)+1, err)
	}
	a.used += r.CompletionTokens
	a.entropy.add(r)
	return r, true, nil
}

// contextFull reports whether err is a server's refusal of a prompt that
// leaves no room in the model's context.
func contextFull(err error) bool {
	var st *openai.StatusError
	return errors.As(err, &st) && st.Code == 400 && strings.Contains(strings.ToLower(st.Message), "context length")
}

// outOfBudget ends the conversation when no tokens are left for a turn.
func (a *attempt) outOfBudget() bool {
	if a.used < a.budget {
		return false
	}
	if n := len(a.turns); n > 0 && a.turns[n-1].Stop == "" {
		a.turns[n-1].Stop = fmt.Sprintf("the token budget (max_tokens %d) was used up", a.budget)
	}
	return true
}

// cutByBudget notes on a turn the token limit cut that it was the budget.
func (a *attempt) cutByBudget(t *backends.Turn) {
	if t.FinishReason == "length" && a.used >= a.budget && t.Stop == "" {
		t.Stop = fmt.Sprintf("the token budget (max_tokens %d) was used up", a.budget)
	}
}

func newTurn(r backends.Reply) backends.Turn {
	return backends.Turn{Text: r.Text, Reasoning: r.Reasoning, FinishReason: r.FinishReason,
		PromptTokens: r.PromptTokens, CompletionTokens: r.CompletionTokens, LatencyS: r.LatencyS}
}

// completion sums the conversation up: the answer text, its tokens, its
// wall time (the model's and the code's) and every turn.
func (a *attempt) completion(text string, wall time.Duration) backends.Completion {
	c := backends.Completion{Text: text, LatencyS: wall.Seconds(), ToolTurns: a.turns}
	c.MeanEntropy, c.TailEntropy = a.entropy.mean()
	if c.ToolTurns == nil {
		c.ToolTurns = []backends.Turn{}
	}
	var reasoning []string
	for i, t := range a.turns {
		if i == 0 {
			c.PromptTokens = t.PromptTokens
		}
		c.CompletionTokens += t.CompletionTokens
		if t.Reasoning != "" {
			reasoning = append(reasoning, t.Reasoning)
		}
	}
	if n := len(a.turns); n > 0 {
		c.FinishReason = a.turns[n-1].FinishReason
		if a.settings.Format == Function {
			c.Reasoning = a.turns[n-1].Reasoning
		} else {
			c.Reasoning = strings.Join(reasoning, "\n\n")
		}
	}
	return c
}
