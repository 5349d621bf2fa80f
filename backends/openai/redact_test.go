package openai_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
)

// TestErrorsNeverCarryTheKey: a server that echoes the key back, upper-cased,
// in an error without a type gets the key redacted (errors reach the cache
// and the logs) and no empty "type: " prefix.
func TestErrorsNeverCarryTheKey(t *testing.T) {
	const key = "sk-test-123abc"
	t.Setenv("AIMO_TEST_KEY", key)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":{"message":"bad header: Bearer ` + strings.ToUpper(key) + `","type":""}}`))
	}))
	defer srv.Close()
	c, err := openai.New(openai.Config{BaseURLs: []string{srv.URL + "/v1"}, APIKeyEnv: "AIMO_TEST_KEY", Chat: true, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Generate(context.Background(), backends.Request{Model: "m", Messages: []backends.Message{{Role: "user", Content: "hi"}},
		Sampling: backends.Sampling{MaxTokens: 4}, N: 1})
	if err == nil {
		t.Fatal("no error from a 400")
	}
	msg := err.Error()
	if strings.Contains(strings.ToLower(msg), key) {
		t.Errorf("the key leaked: %s", msg)
	}
	if !strings.Contains(msg, "HTTP 400: bad header: Bearer [api key]") {
		t.Errorf("error = %q, want the message redacted without an empty type", msg)
	}
}
