package tir

import (
	"context"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// BenchmarkTextLoopRound measures what aimo adds to each round of a text
// conversation, the model's time aside: a request to an instant server, the
// fence scan, a sandbox cell and the output block. One op is one
// conversation of 32 rounds, its session's start included.
func BenchmarkTextLoopRound(b *testing.B) {
	respond := func(r vllmtest.Request) vllmtest.Reply {
		if strings.Count(r.Text(), "```output") < 32 {
			return vllmtest.Reply{Content: "```python\nx = x + 1 if 'x' in dir() else 1\nprint(x)\n```\n"}
		}
		return vllmtest.Reply{Content: "\\boxed{32}"}
	}
	l, _ := testLoop(b, vllmtest.Options{Respond: respond}, false, Settings{Format: Text, MaxRounds: 32})
	req := chatRequest(100000)
	req.Messages, req.Prompt = nil, "Count to 32.\n"
	b.ResetTimer()
	for b.Loop() {
		comps, err := l.Generate(context.Background(), req)
		if err != nil || !strings.HasSuffix(comps[0].Text, "\\boxed{32}") {
			b.Fatalf("conversation failed: %v %+v", err, comps)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/32/1000, "ms/round")
}
