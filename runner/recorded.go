package runner

import (
	"fmt"
	"strings"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/lang"
)

// markNotRecorded sets NotRecorded on every cell of a replay model whose
// prompt or sampling differs from how the recordings were made: serving the
// recordings there would pass them off as another configuration's.
func markNotRecorded(e *lang.Experiment, cells []Cell) {
	for i := range cells {
		c := &cells[i]
		if m := e.Models[c.Model]; m != nil && m.Replay != nil {
			c.NotRecorded = notRecorded(e, c.Model, m.Replay.Recorded, c)
		}
	}
}

// notRecorded says why cell c is not what replay model key recorded ("" when
// it is).
func notRecorded(e *lang.Experiment, key string, r lang.Recorded, c *Cell) string {
	var diffs []string
	if !r.PromptAgnostic {
		template := r.Template
		if template == "" {
			template = lang.DefaultTemplate
		}
		if c.Template != template {
			diffs = append(diffs, fmt.Sprintf("template %s (recorded with %s)", c.Template, template))
		}
		if c.Fewshot != r.Fewshot {
			diffs = append(diffs, fmt.Sprintf("%d few-shot examples (recorded with %d)", c.Fewshot, r.Fewshot))
		}
	}
	want := recordedSampling(e, r)
	if c.Sampling.Temperature != want.Temperature {
		diffs = append(diffs, fmt.Sprintf("temperature %g (recorded at %g)", c.Sampling.Temperature, want.Temperature))
	}
	if c.Sampling.TopP != want.TopP {
		diffs = append(diffs, fmt.Sprintf("top_p %g (recorded at %g)", c.Sampling.TopP, want.TopP))
	}
	if c.Sampling.MaxTokens != want.MaxTokens {
		diffs = append(diffs, fmt.Sprintf("max_tokens %d (recorded with %d)", c.Sampling.MaxTokens, want.MaxTokens))
	}
	if c.Sampling.TopK != want.TopK || c.Sampling.MinP != want.MinP {
		diffs = append(diffs, fmt.Sprintf("top_k %d, min_p %g (recorded with %d, %g)", c.Sampling.TopK, c.Sampling.MinP, want.TopK, want.MinP))
	}
	if len(diffs) == 0 {
		return ""
	}
	return fmt.Sprintf("replay model %s asks for %s", key, strings.Join(diffs, ", "))
}

// recordedSampling is how a replay model's recordings were sampled: the
// experiment's sampling block, with what the model declares.
func recordedSampling(e *lang.Experiment, r lang.Recorded) backends.Sampling {
	s := backends.Sampling{
		Temperature: *e.Sampling.Temperature, TopP: *e.Sampling.TopP, TopK: e.Sampling.TopK,
		MinP: e.Sampling.MinP, MaxTokens: e.Sampling.MaxTokens,
	}
	if r.Temperature != nil {
		s.Temperature = *r.Temperature
	}
	if r.TopP != nil {
		s.TopP = *r.TopP
	}
	if r.MaxTokens > 0 {
		s.MaxTokens = r.MaxTokens
	}
	return s
}

// NotRecordedError refuses to run cells whose recordings do not exist; it
// is a config error (exit 2) and stops the run before anything is written.
type NotRecordedError struct{ Lines []string }

func (e *NotRecordedError) Error() string {
	return fmt.Sprintf("%d cells are not recorded, and replay does not invent generations:\n  %s\n"+
		"declare how the recordings were made (aimo.model.replay(..., template=, temperature=, ...)), or prompt_agnostic=true if they stand for any prompt",
		len(e.Lines), strings.Join(e.Lines, "\n  "))
}

// ExitCode is 2: the experiment asks for something that cannot be.
func (e *NotRecordedError) ExitCode() int { return 2 }

// CheckRecorded returns a NotRecordedError listing p's unrecorded cells.
func CheckRecorded(p *Plan) error {
	var lines []string
	for _, c := range p.Cells {
		if c.NotRecorded != "" {
			lines = append(lines, "cell "+c.Name+": "+c.NotRecorded)
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return &NotRecordedError{lines}
}
