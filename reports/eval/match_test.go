package eval

import (
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
)

// TestEnsembleMatchesEveryAxis: an ensemble member's match can name any
// matrix axis, string axes such as reasoning_effort included.
func TestEnsembleMatchesEveryAxis(t *testing.T) {
	p := &runner.Plan{Cells: []runner.Cell{
		{Name: "low", Model: "m", Template: "basic", Fewshot: 2, Sampling: backends.Sampling{Temperature: 0.6, ReasoningEffort: "low"}},
		{Name: "high", Model: "m", Template: "basic", Fewshot: 2, Sampling: backends.Sampling{Temperature: 1, ReasoningEffort: "high"}},
	}}
	for _, tc := range []struct {
		name  string
		match map[string]lang.Value
		want  []bool
	}{
		{"reasoning_effort", map[string]lang.Value{"reasoning_effort": {Kind: lang.String, Str: "high"}}, []bool{false, true}},
		{"temperature", map[string]lang.Value{"temperature": {Kind: lang.Number, Num: 0.6}}, []bool{true, false}},
		{"template and fewshot", map[string]lang.Value{"template": {Kind: lang.String, Str: "basic"}, "fewshot": {Kind: lang.Number, Num: 2}}, []bool{true, true}},
		{"a string for a number", map[string]lang.Value{"fewshot": {Kind: lang.String, Str: "2"}}, []bool{false, false}},
	} {
		for ci, want := range tc.want {
			if got := matches(p, ci, tc.match); got != want {
				t.Errorf("%s: cell %s matches = %v, want %v", tc.name, p.Cells[ci].Name, got, want)
			}
		}
	}
}
