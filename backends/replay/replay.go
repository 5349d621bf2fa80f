// Package replay is a Generator that serves recorded completions from JSONL
// files: other tools' outputs and public generation dumps. It is opinionated
// about never inventing data: a request for a problem or a sample the file does
// not hold is a permanent error saying what was asked and what the file has,
// and a malformed row fails Open with its path:line.
package replay

import (
	"context"
	"fmt"
	"strings"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/internal/files"
)

// Source says where recorded completions are and how to read them.
type Source struct {
	Path string `json:"path"`
	// Format is "jsonl" (the default when empty).
	Format string `json:"format,omitempty"`
	Fields Fields `json:"fields"`
	// Files says where the file may be and how large (the zero policy: any
	// folder, the default bound).
	Files files.Policy `json:"-"`
}

// Fields names the JSON field holding each piece of a row. Nested fields are
// addressed with dots ("6b_finetuning.solution"). Text is required, and at
// least one of ProblemID and ProblemText.
//
// Text may name a list of strings (one row per problem, all its samples) or a
// string (one row per sample: Sample names the sample-index field, or rows of
// one problem are numbered in file order). Text may also list several
// comma-separated fields, each one sample, in the order given. The per-sample
// fields (CompletionTokens, Latency, Score, Entropy) then follow Text's shape:
// a list aligned with it, or the same number of comma-separated fields. Scores
// may be numbers, booleans (1 or 0) or one-element lists of a number.
type Fields struct {
	ProblemID        string `json:"problem_id,omitempty"`
	ProblemText      string `json:"problem_text,omitempty"`
	Sample           string `json:"sample,omitempty"`
	Text             string `json:"text"`
	CompletionTokens string `json:"completion_tokens,omitempty"`
	Latency          string `json:"latency,omitempty"`
	Score            string `json:"score,omitempty"`
	Entropy          string `json:"entropy,omitempty"`
	// Reasoning names the reasoning trace (a string per sample); Messages a
	// chat message list per sample holding a tool-using conversation, read
	// into the completion's turns (see turnsOf).
	Reasoning string `json:"reasoning,omitempty"`
	Messages  string `json:"messages,omitempty"`
}

// Replay holds a file's completions in memory, indexed by problem.
type Replay struct {
	path   string
	fields Fields
	byID   map[string]*problem
	byText map[string]*problem
	order  []*problem
}

var _ backends.Generator = (*Replay)(nil)

// problem is one problem's recorded samples; nil entries are sample indices
// the file skipped.
type problem struct {
	id, text string
	samples  []*backends.Completion
}

func (p *problem) name() string {
	if p.id != "" {
		return "id " + p.id
	}
	return fmt.Sprintf("%q", short(p.text))
}

// Problems returns how many problems the file holds.
func (r *Replay) Problems() int { return len(r.order) }

// Generate returns samples FirstSample..FirstSample+N-1 of the request's problem.
func (r *Replay) Generate(ctx context.Context, req backends.Request) ([]backends.Completion, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := r.find(req)
	if err != nil {
		return nil, err
	}
	lo, hi := req.FirstSample, req.FirstSample+req.N
	if req.N < 1 || lo < 0 || hi > len(p.samples) {
		return nil, backends.Permanent("replay: problem %s: asked for samples %d..%d (n=%d), %s has %d",
			p.name(), lo, hi-1, req.N, r.path, len(p.samples))
	}
	out := make([]backends.Completion, 0, req.N)
	for i := lo; i < hi; i++ {
		if p.samples[i] == nil {
			return nil, backends.Permanent("replay: problem %s: sample %d is not recorded in %s", p.name(), i, r.path)
		}
		out = append(out, clone(*p.samples[i]))
	}
	return out, nil
}

// find looks a problem up by ID when both the request and the file have one,
// else by whitespace-normalised text.
func (r *Replay) find(req backends.Request) (*problem, error) {
	if req.ProblemID != "" && r.fields.ProblemID != "" {
		if p := r.byID[req.ProblemID]; p != nil {
			return p, nil
		}
		return nil, backends.Permanent("replay: problem id %q is not in %s (%d problems)", req.ProblemID, r.path, len(r.order))
	}
	if r.fields.ProblemText == "" {
		return nil, backends.Permanent("replay: %s is looked up by problem id, and the request has none", r.path)
	}
	text := requestText(req)
	if p := r.byText[normalise(text)]; p != nil {
		return p, nil
	}
	return nil, backends.Permanent("replay: problem %q is not in %s (%d problems)", short(text), r.path, len(r.order))
}

// requestText is the problem text, falling back to the prompt or the last user
// message for callers that send only a rendered request.
func requestText(req backends.Request) string {
	if req.ProblemText != "" {
		return req.ProblemText
	}
	if req.Prompt != "" {
		return req.Prompt
	}
	for i := len(req.Messages) - 1; i >= 0; i-- {
		if req.Messages[i].Role == "user" {
			return req.Messages[i].Content
		}
	}
	return ""
}

func normalise(s string) string { return strings.Join(strings.Fields(s), " ") }

func short(s string) string {
	s = normalise(s)
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}

// clone copies a completion so callers cannot change the recorded one.
func clone(c backends.Completion) backends.Completion {
	for _, p := range []**float64{&c.MeanEntropy, &c.TailEntropy, &c.Score} {
		if *p != nil {
			v := **p
			*p = &v
		}
	}
	if c.ToolTurns != nil {
		turns := make([]backends.Turn, len(c.ToolTurns))
		for i, t := range c.ToolTurns {
			t.Calls = append([]backends.Call(nil), t.Calls...)
			turns[i] = t
		}
		c.ToolTurns = turns
	}
	return c
}
