package openai_test

import (
	"context"
	"math"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/aimo-dev/aimo/backends/openai"
)

// fixed serves one canned body, to pin parsing of exact server output.
func fixed(t *testing.T, body string) string {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(s.Close)
	return s.URL
}

// The three positions below, by hand:
//   - {1/2, 1/4} renormalised to {2/3, 1/3}: H = ln 3 − (2/3) ln 2; the duplicate
//     "a" and the −9999 floor entry are ignored;
//   - one candidate: H = 0;
//   - four candidates of 1/4: H = ln 4.
var (
	handMean = (math.Log(3) - 2.0/3*math.Log(2) + 0 + math.Log(4)) / 3
	handTail = math.Log(4) // the last ⌈3/10⌉ = 1 position
)

const chatBody = `{"object":"chat.completion","choices":[{"index":0,
 "message":{"role":"assistant","content":"4"},"finish_reason":"stop",
 "logprobs":{"content":[
  {"token":"a","logprob":-0.69,"bytes":[97],"top_logprobs":[
    {"token":"a","logprob":-0.6931471805599453},{"token":"b","logprob":-1.3862943611198906},
    {"token":"a","logprob":-0.6931471805599453},{"token":"z","logprob":-9999.0}]},
  {"token":"c","logprob":-0.1,"top_logprobs":[{"token":"c","logprob":-0.1}]},
  {"token":"d","logprob":-1.38,"top_logprobs":[
    {"token":"d","logprob":-1.3862943611198906},{"token":"e","logprob":-1.3862943611198906},
    {"token":"f","logprob":-1.3862943611198906},{"token":"g","logprob":-1.3862943611198906}]}]}}],
 "usage":{"prompt_tokens":3,"completion_tokens":3,"total_tokens":6}}`

const completionBody = `{"object":"text_completion","choices":[{"index":0,"text":"4","finish_reason":"stop",
 "logprobs":{"tokens":["a","c","d"],"token_logprobs":[-0.69,-0.1,-1.38],"text_offset":[0,1,2],
  "top_logprobs":[{"a":-0.6931471805599453,"b":-1.3862943611198906,"z":-9999.0},{"c":-0.1},
   {"d":-1.3862943611198906,"e":-1.3862943611198906,"f":-1.3862943611198906,"g":-1.3862943611198906}]}}],
 "usage":{"prompt_tokens":3,"completion_tokens":3,"total_tokens":6}}`

func TestEntropyMatchesHandComputedCase(t *testing.T) {
	tests := []struct {
		name string
		chat bool
		body string
	}{
		{"chat shape", true, chatBody},
		{"completions shape", false, completionBody},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newClient(t, openai.Config{BaseURLs: []string{fixed(t, tt.body)}, Chat: tt.chat})
			got, err := c.Generate(context.Background(), request(1))
			if err != nil {
				t.Fatal(err)
			}
			if m := got[0].MeanEntropy; m == nil || math.Abs(*m-handMean) > 1e-12 {
				t.Errorf("mean entropy %v, want %v", deref(m), handMean)
			}
			if tl := got[0].TailEntropy; tl == nil || math.Abs(*tl-handTail) > 1e-12 {
				t.Errorf("tail entropy %v, want %v", deref(tl), handTail)
			}
			if got[0].CompletionTokens != 3 {
				t.Errorf("completion tokens %d, want 3", got[0].CompletionTokens)
			}
		})
	}
}

func TestUsageSplitEvenlyWithoutLogprobs(t *testing.T) {
	body := `{"choices":[{"index":2,"text":"c"},{"index":0,"text":"a"},{"index":1,"text":"b"}],
	 "usage":{"prompt_tokens":7,"completion_tokens":10}}`
	c := newClient(t, openai.Config{BaseURLs: []string{fixed(t, body)}})
	got, err := c.Generate(context.Background(), request(3))
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		text   string
		tokens int
	}{{"a", 4}, {"b", 3}, {"c", 3}}
	for i, w := range want {
		if got[i].Text != w.text || got[i].CompletionTokens != w.tokens || got[i].PromptTokens != 7 {
			t.Errorf("choice %d = %q %d tokens (prompt %d), want %q %d (7)",
				i, got[i].Text, got[i].CompletionTokens, got[i].PromptTokens, w.text, w.tokens)
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
