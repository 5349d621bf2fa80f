package openai_test

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

func TestGenerateSamplesInSeedOrder(t *testing.T) {
	for _, chat := range []bool{true, false} {
		t.Run(fmt.Sprintf("chat=%v", chat), func(t *testing.T) {
			s := startServer(t, vllmtest.Options{Words: 10})
			c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: chat})
			req := request(4)
			req.FirstSample = 8
			req.Sampling.Logprobs = 5
			if chat {
				req.Prompt = ""
			} else {
				req.Messages = nil
			}
			got, err := c.Generate(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != 4 {
				t.Fatalf("got %d completions, want 4", len(got))
			}
			for i, comp := range got {
				// Sample 8+i must come from child seed Seed+8+i.
				want := fmt.Sprintf(`\boxed{%d}`, vllmtest.Answer(prompt, req.Seed+8+int64(i)))
				if !strings.Contains(comp.Text, want) {
					t.Errorf("completion %d = %q, want it to contain %s", i, comp.Text, want)
				}
				if comp.CompletionTokens != 14 || comp.FinishReason != "stop" || comp.PromptTokens != 3 {
					t.Errorf("completion %d: tokens %d finish %q prompt %d, want 14 stop 3",
						i, comp.CompletionTokens, comp.FinishReason, comp.PromptTokens)
				}
				if comp.MeanEntropy == nil || *comp.MeanEntropy <= 0 || *comp.MeanEntropy > math.Log(5) {
					t.Errorf("completion %d: mean entropy %v, want in (0, ln 5]", i, comp.MeanEntropy)
				}
				if comp.TailEntropy == nil || comp.LatencyS <= 0 {
					t.Errorf("completion %d: tail entropy %v latency %v, want both set", i, comp.TailEntropy, comp.LatencyS)
				}
			}
		})
	}
}

func TestGenerateWithoutLogprobsHasNoEntropy(t *testing.T) {
	s := startServer(t, vllmtest.Options{Words: 10})
	c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: true})
	got, err := c.Generate(context.Background(), request(2))
	if err != nil {
		t.Fatal(err)
	}
	for i, comp := range got {
		if comp.MeanEntropy != nil || comp.CompletionTokens != 14 {
			t.Errorf("completion %d: entropy %v tokens %d, want nil and 14 (usage split evenly)",
				i, comp.MeanEntropy, comp.CompletionTokens)
		}
	}
}

func TestGenerateMaxTokensReachesServer(t *testing.T) {
	for _, chat := range []bool{true, false} {
		t.Run(fmt.Sprintf("chat=%v", chat), func(t *testing.T) {
			s := startServer(t, vllmtest.Options{Words: 30})
			c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: chat})
			req := request(1)
			req.Sampling.MaxTokens = 5
			got, err := c.Generate(context.Background(), req)
			if err != nil {
				t.Fatal(err)
			}
			if got[0].FinishReason != "length" || got[0].CompletionTokens != 5 {
				t.Errorf("finish %q tokens %d, want length 5", got[0].FinishReason, got[0].CompletionTokens)
			}
		})
	}
}

func TestGenerateReadsReasoning(t *testing.T) {
	for _, field := range []string{"reasoning", "reasoning_content"} {
		t.Run(field, func(t *testing.T) {
			s := startServer(t, vllmtest.Options{ReasoningField: field})
			c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: true})
			got, err := c.Generate(context.Background(), request(1))
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(got[0].Reasoning, "Thinking:") || strings.Contains(got[0].Text, "Thinking:") {
				t.Errorf("reasoning %q text %q: want the trace in Reasoning only", got[0].Reasoning, got[0].Text)
			}
		})
	}
}

func TestGenerateCountsRequestsPerPath(t *testing.T) {
	s := startServer(t, vllmtest.Options{})
	chat := newClient(t, openai.Config{BaseURLs: []string{s.URL + "/v1"}, Chat: true})
	plain := newClient(t, openai.Config{BaseURLs: []string{s.URL}})
	for _, c := range []*openai.Client{chat, chat, plain} {
		if _, err := c.Generate(context.Background(), request(1)); err != nil {
			t.Fatal(err)
		}
	}
	got := strings.Join(s.Paths(), " ")
	if want := "/v1/chat/completions=2 /v1/completions=1"; got != want {
		t.Errorf("paths %q, want %q", got, want)
	}
}
