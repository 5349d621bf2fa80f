package replay_test

import (
	"context"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/replay"
)

// TestNullsAreAbsent: recorded runs write null where an attempt has no final
// message or no token count (the AIMO3 runs do); such a row is still read,
// the null text is an empty completion and a null or missing measurement is
// simply not recorded.
func TestNullsAreAbsent(t *testing.T) {
	path := writeFile(t,
		`{"pid": "a", "k": 0, "final_content": "\\boxed{3}", "total_tokens": 120, "secs": 1.5}`,
		`{"pid": "a", "k": 1, "final_content": null, "total_tokens": null, "secs": 2.0}`,
		`{"pid": "a", "k": 2, "final_content": "\\boxed{4}", "total_tokens": 90}`,
	)
	r, err := replay.Open(replay.Source{Path: path, Fields: replay.Fields{
		ProblemID: "pid", Sample: "k", Text: "final_content", CompletionTokens: "total_tokens", Latency: "secs",
	}})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	got, err := r.Generate(context.Background(), backends.Request{ProblemID: "a", N: 3})
	if err != nil {
		t.Fatal(err)
	}
	want := []backends.Completion{
		{Text: `\boxed{3}`, CompletionTokens: 120, LatencyS: 1.5},
		{Text: "", LatencyS: 2.0},
		{Text: `\boxed{4}`, CompletionTokens: 90},
	}
	for i := range want {
		if got[i].Text != want[i].Text || got[i].CompletionTokens != want[i].CompletionTokens || got[i].LatencyS != want[i].LatencyS {
			t.Errorf("sample %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
