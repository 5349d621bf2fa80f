package openai_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// endless answers 200 with a body that never ends, counting requests.
func endless(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var hits atomic.Int32
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.WriteHeader(http.StatusOK)
		chunk := []byte(strings.Repeat(`{"choices":[`, 4096))
		for r.Context().Err() == nil {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	}))
	t.Cleanup(s.Close)
	return s, &hits
}

// TestResponseBodyBound covers a server whose answer never ends: the client
// stops at the bound with a permanent error that names the limit and how to
// raise it, without retrying, instead of reading until memory runs out.
func TestResponseBodyBound(t *testing.T) {
	tests := []struct {
		name     string
		endless  bool
		maxBytes int64
		env      string
		want     string
	}{
		{"endless body over the configured bound", true, 1 << 20, "", "response body larger than the 1 MB limit; raise it with $AIMO_OPENAI_MAX_BODY_MB"},
		{"endless body over the bound from the environment", true, 0, "2", "response body larger than the 2 MB limit"},
		{"ordinary answer under the bound", false, 1 << 20, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("AIMO_OPENAI_MAX_BODY_MB", tt.env)
			url, hits := "", (*atomic.Int32)(nil)
			if tt.endless {
				var s *httptest.Server
				s, hits = endless(t)
				url = s.URL
			} else {
				url = startServer(t, vllmtest.Options{}).URL
			}
			c := newClient(t, openai.Config{BaseURLs: []string{url}, MaxBodyBytes: tt.maxBytes, Timeout: 20 * time.Second})
			start := time.Now()
			_, err := c.Generate(context.Background(), request(1))
			if took := time.Since(start); took > 10*time.Second {
				t.Errorf("took %v", took)
			}
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.want) || !backends.IsPermanent(err) {
				t.Fatalf("err = %v, want a permanent error containing %q", err, tt.want)
			}
			if n := hits.Load(); n != 1 {
				t.Errorf("%d requests, want 1 (a body over the bound is not retried)", n)
			}
		})
	}
}
