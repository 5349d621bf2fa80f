package openai_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
)

// fixedServer answers every request with status and body, as a server
// whose every reply has the same shape does.
func fixedServer(t *testing.T, status int, body string) *httptest.Server {
	t.Helper()
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(s.Close)
	return s
}

// TestReplyWithoutContentIsAFailure: a 200 whose choice carries no
// generation is a failed attempt, retried and finally reported, never an
// empty success; a choice with reasoning only, or an empty string, is a
// real (if empty) answer.
func TestReplyWithoutContentIsAFailure(t *testing.T) {
	tests := []struct {
		name, body string
		chat       bool
		wantErr    string // empty: must succeed
	}{
		{"chat content null", `{"choices":[{"index":0,"message":{"role":"assistant","content":null},"finish_reason":"stop"}]}`, true,
			`choice 0 has "content": null and no reasoning or tool calls`},
		{"chat message missing", `{"choices":[{"index":0,"finish_reason":"stop"}]}`, true, "choice 0 has neither a message nor a text"},
		{"completion text null", `{"choices":[{"index":0,"text":null,"finish_reason":"stop"}]}`, false, "choice 0 has neither a message nor a text"},
		{"choices missing", `{"object":"chat.completion"}`, true, "server returned 0 choices for n=1"},
		{"chat reasoning only", `{"choices":[{"index":0,"message":{"content":null,"reasoning":"thinking..."},"finish_reason":"length"}]}`, true, ""},
		{"chat empty string", `{"choices":[{"index":0,"message":{"content":""},"finish_reason":"stop"}]}`, true, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixedServer(t, http.StatusOK, tt.body)
			c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: tt.chat, MaxRetries: 2})
			got, err := c.Generate(context.Background(), request(1))
			if tt.wantErr == "" {
				if err != nil || len(got) != 1 {
					t.Fatalf("got %v, %v; want one completion", got, err)
				}
				return
			}
			if err == nil {
				t.Fatalf("got success %+v; want a failure", got)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not say %q", err, tt.wantErr)
			}
			if st := c.Stats(); st.Requests != 3 {
				t.Errorf("sent %d requests, want 3 (a bad body is retried)", st.Requests)
			}
		})
	}
}

// TestToolCallWithNullContentIsAStep: function calling sends
// "content": null beside tool_calls; the tool loop must still get them.
func TestToolCallWithNullContentIsAStep(t *testing.T) {
	s := fixedServer(t, http.StatusOK, `{"choices":[{"index":0,"finish_reason":"tool_calls","message":{"content":null,
		"tool_calls":[{"id":"c1","type":"function","function":{"name":"python","arguments":"{\"code\":\"1\"}"}}]}}]}`)
	c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: true})
	ex := backends.Exchange{
		Model: "m", Messages: []backends.Message{{Role: "user", Content: "q"}},
		Tools: []backends.Tool{{Name: "python", Parameters: json.RawMessage(`{"type":"object"}`)}},
	}
	r, err := c.Step(context.Background(), ex)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Calls) != 1 || r.Calls[0].Name != "python" || r.Text != "" {
		t.Errorf("reply %+v, want one python call and no text", r)
	}
	empty := fixedServer(t, http.StatusOK, `{"choices":[{"index":0,"finish_reason":"stop","message":{"content":null}}]}`)
	c = newClient(t, openai.Config{BaseURLs: []string{empty.URL}, Chat: true, MaxRetries: -1})
	if _, err := c.Step(context.Background(), ex); err == nil || !strings.Contains(err.Error(), `"content": null`) {
		t.Errorf("a step with neither content nor calls gave %v, want a content error", err)
	}
}

// TestServerErrorText: the message of a failed request reads as the
// server's type and message, without empty parts.
func TestServerErrorText(t *testing.T) {
	tests := []struct {
		name, body, want string
	}{
		{"vllm typed", `{"error":{"message":"server is overloaded","type":"TooManyRequestsError","code":429}}`, "HTTP 429: TooManyRequestsError: server is overloaded"},
		{"empty type", `{"error":{"message":"rate limited","type":"","code":429}}`, "HTTP 429: rate limited"},
		{"blank type", `{"error":{"message":"rate limited","type":" ","code":429}}`, "HTTP 429: rate limited"},
		{"type only", `{"error":{"message":"","type":"RateLimitError"}}`, "HTTP 429: RateLimitError"},
		{"top-level message", `{"object":"error","message":"rate limited","type":"","code":429}`, "HTTP 429: rate limited"},
		{"plain text", "rate limited\n", "HTTP 429: rate limited"},
		{"empty body", "", "HTTP 429: (empty body)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := fixedServer(t, http.StatusTooManyRequests, tt.body)
			c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: true, MaxRetries: -1})
			_, err := c.Generate(context.Background(), request(1))
			if err == nil {
				t.Fatal("want an error")
			}
			if msg := err.Error(); !strings.HasSuffix(msg, tt.want) {
				t.Errorf("error %q, want it to end %q", msg, tt.want)
			}
		})
	}
}
