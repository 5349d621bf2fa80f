package replay

import (
	"errors"
	"fmt"

	"github.com/aimo-dev/aimo/backends"
)

// listRow reports whether the row holds several samples: Text names several
// fields or a list.
func (r *Replay) listRow(row map[string]any) bool {
	if multi(r.fields.Text) {
		return true
	}
	v, _ := lookup(row, r.fields.Text)
	_, ok := v.([]any)
	return ok
}

// samples decodes the row's completions and their per-sample measurements.
func (r *Replay) samples(row map[string]any) ([]*backends.Completion, error) {
	texts, err := r.column(row, r.fields.Text, -1)
	if err != nil {
		return nil, err
	}
	out := make([]*backends.Completion, len(texts))
	for i, v := range texts {
		if v == nil {
			// A recorded attempt without text (null: cut off, or no final
			// message) is an empty completion: it votes for nothing.
			out[i] = &backends.Completion{}
			continue
		}
		s, ok := v.(string)
		if !ok {
			return nil, fmt.Errorf("field %q: sample %d: want a string, got %s", r.fields.Text, i, describe(v))
		}
		out[i] = &backends.Completion{Text: s}
	}
	if err := r.conversations(row, out); err != nil {
		return nil, err
	}
	for _, m := range r.measures() {
		if m.field == "" {
			continue
		}
		vals, err := r.column(row, m.field, len(texts))
		if errors.Is(err, errMissing) {
			continue // an optional measurement this row does not record
		}
		if err != nil {
			return nil, err
		}
		for i, v := range vals {
			if v == nil {
				continue // null: not measured for this sample
			}
			x, ok := number(v)
			if !ok {
				return nil, fmt.Errorf("field %q: sample %d: want a number, got %s", m.field, i, describe(v))
			}
			m.set(out[i], x)
		}
	}
	return out, nil
}

type measure struct {
	field string
	set   func(*backends.Completion, float64)
}

func (r *Replay) measures() []measure {
	return []measure{
		{r.fields.CompletionTokens, func(c *backends.Completion, x float64) { c.CompletionTokens = int(x) }},
		{r.fields.Latency, func(c *backends.Completion, x float64) { c.LatencyS = x }},
		{r.fields.Score, func(c *backends.Completion, x float64) { c.Score = &x }},
		{r.fields.Entropy, func(c *backends.Completion, x float64) { c.MeanEntropy = &x }},
	}
}

// column reads spec as one value per sample. want < 0 accepts any count (the
// Text column); otherwise the column must match Text's count. A one-row-per-
// sample file has scalars, so its column is the one value. A list of length
// one is ambiguous for a single-sample row, so a list counts as per-sample
// only when the row's Text is a list.
func (r *Replay) column(row map[string]any, spec string, want int) ([]any, error) {
	v, err := values(row, spec)
	if err != nil {
		return nil, err
	}
	var vals []any
	if list, ok := v.([]any); ok && (multi(spec) || r.listRow(row)) {
		vals = list
	} else {
		vals = []any{v}
	}
	if want >= 0 && len(vals) != want {
		return nil, fmt.Errorf("field %q: %d values for %d samples", spec, len(vals), want)
	}
	return vals, nil
}

// conversations fills each sample's reasoning and turns from the Reasoning
// and Messages fields, when the file names them.
func (r *Replay) conversations(row map[string]any, out []*backends.Completion) error {
	if f := r.fields.Reasoning; f != "" {
		vals, err := r.column(row, f, len(out))
		if err != nil && !errors.Is(err, errMissing) {
			return err
		}
		for i, v := range vals {
			if s, ok := v.(string); ok {
				out[i].Reasoning = s
			} else if v != nil {
				return fmt.Errorf("field %q: sample %d: want a string, got %s", f, i, describe(v))
			}
		}
	}
	if f := r.fields.Messages; f != "" {
		vals, err := r.messageColumn(row, f, len(out))
		if err != nil {
			return err
		}
		for i, v := range vals {
			if v == nil {
				continue
			}
			turns, err := turnsOf(v)
			if err != nil {
				return fmt.Errorf("field %q: sample %d: %w", f, i, err)
			}
			out[i].ToolTurns = turns
		}
	}
	return nil
}

// messageColumn reads a messages field: one list of messages per sample. A
// one-sample row's list is that sample's conversation, not a list of them.
func (r *Replay) messageColumn(row map[string]any, spec string, want int) ([]any, error) {
	if !multi(spec) && !r.listRow(row) {
		v, err := values(row, spec)
		if errors.Is(err, errMissing) {
			return nil, nil
		}
		return []any{v}, err
	}
	vals, err := r.column(row, spec, want)
	if errors.Is(err, errMissing) {
		return nil, nil
	}
	return vals, err
}
