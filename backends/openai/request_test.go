package openai_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
)

// TestRequestBodyCarriesEverySamplingParameter pins the exact JSON each
// endpoint receives: servers fill anything missing from different defaults.
func TestRequestBodyCarriesEverySamplingParameter(t *testing.T) {
	sampling := backends.Sampling{Temperature: 0.6, TopP: 0.95, TopK: 40, MinP: 0.05, MaxTokens: 2048,
		Stop: []string{"</answer>"}, Logprobs: 5, ReasoningEffort: "high"}
	tests := []struct {
		name string
		chat bool
		path string
		want string
	}{
		{"chat", true, "/v1/chat/completions", `{"model":"m","messages":[{"role":"user","content":"q"}],
			"n":2,"seed":107,"temperature":0.6,"top_p":0.95,"top_k":40,"min_p":0.05,
			"max_tokens":2048,"max_completion_tokens":2048,"stop":["</answer>"],"logprobs":true,"top_logprobs":5,
			"reasoning_effort":"high"}`},
		{"completions", false, "/v1/completions", `{"model":"m","prompt":"q",
			"n":2,"seed":107,"temperature":0.6,"top_p":0.95,"top_k":40,"min_p":0.05,
			"max_tokens":2048,"stop":["</answer>"],"logprobs":5}`}, // reasoning_effort is read by chat templates only
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var path string
			var got map[string]any
			s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				path = r.URL.Path
				body, _ := io.ReadAll(r.Body)
				_ = json.Unmarshal(body, &got)
				_, _ = w.Write([]byte(`{"choices":[{"index":0,"text":"a"},{"index":1,"text":"b"}]}`))
			}))
			defer s.Close()
			c := newClient(t, openai.Config{BaseURLs: []string{s.URL + "/v1/"}, Chat: tt.chat})
			req := backends.Request{Model: "m", Sampling: sampling, N: 2, FirstSample: 7, Seed: 100}
			if tt.chat {
				req.Messages = []backends.Message{{Role: "user", Content: "q"}}
			} else {
				req.Prompt = "q"
			}
			if _, err := c.Generate(context.Background(), req); err != nil {
				t.Fatal(err)
			}
			var want map[string]any
			if err := json.Unmarshal([]byte(tt.want), &want); err != nil {
				t.Fatal(err)
			}
			if path != tt.path || !reflect.DeepEqual(got, want) {
				t.Errorf("POST %s %v\nwant POST %s %v", path, got, tt.path, want)
			}
		})
	}
}
