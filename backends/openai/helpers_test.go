package openai_test

import (
	"net"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

const prompt = "What is 2+2?"

func startServer(t testing.TB, opts vllmtest.Options) *vllmtest.Server {
	t.Helper()
	s := vllmtest.New(opts)
	t.Cleanup(s.Close)
	return s
}

// newClient builds a client with millisecond backoff, so retry tests are fast.
func newClient(t testing.TB, cfg openai.Config) *openai.Client {
	t.Helper()
	if cfg.Backoff == 0 {
		cfg.Backoff, cfg.MaxBackoff = time.Millisecond, 10*time.Millisecond
	}
	c, err := openai.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func request(n int) backends.Request {
	return backends.Request{
		Model:    "test-model",
		Messages: []backends.Message{{Role: "user", Content: prompt}},
		Prompt:   prompt,
		Sampling: backends.Sampling{Temperature: 0.7, TopP: 0.95, MaxTokens: 512},
		N:        n, Seed: 100,
	}
}

// deadURL returns a loopback URL on which nothing listens.
func deadURL(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return "http://" + addr
}
