package budget

import (
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// TestFromItemsKeepsWhatTheNotebookVotes: an attempt cut off at its token
// limit abstains, and a harmony attempt answers from its final channel, not
// from the number its reasoning ended on; tokens, time and length travel.
func TestFromItemsKeepsWhatTheNotebookVotes(t *testing.T) {
	set := &dataset.Set{Name: "aimo3", Integer: true, Range: answer.Range{Lo: 0, Hi: 99999}}
	row := func(text, finish string) *cache.Row {
		return &cache.Row{Completion: backends.Completion{Text: text, FinishReason: finish, CompletionTokens: 900, LatencyS: 12}}
	}
	items := []runner.ItemSamples{{
		Item: &runner.Item{Cell: 0, Set: "aimo3", Problem: dataset.Problem{ID: "p", Answer: "42"}},
		Samples: []*cache.Row{
			row("so \\boxed{42}", "stop"),
			row("so far 41 + 1 = 42, then \\boxed{4", answer.Truncated),
			row("<|channel|>analysis<|message|>maybe 7<|end|><|start|>assistant<|channel|>final<|message|>\\boxed{42}<|return|>", "stop"),
			row("<|channel|>analysis<|message|>it is \\boxed{42}", "stop"),
		},
	}}
	got := FromItems(set, items, 0, answer.Options{})
	var keys []string
	for _, a := range got[0].Attempts {
		keys = append(keys, a.Key)
		if a.Tokens != 900 || a.TimeS != 12 || a.Chars == 0 {
			t.Errorf("attempt %+v lost its tokens, time or length", a)
		}
	}
	want := []string{"42", "", "42", ""}
	for i := range want {
		if keys[i] != want[i] {
			t.Errorf("keys %q, want %q", keys, want)
			break
		}
	}
}
