package tir

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
	"github.com/aimo-dev/aimo/backends/sandbox"
)

// testPool starts a real sandbox pool, or skips the test, saying why, when
// there is no Python.
func testPool(t testing.TB, timeout time.Duration) *sandbox.Pool {
	t.Helper()
	if os.Getenv("AIMO_PYTHON") == "" {
		if _, err := sandbox.FindPython(); err != nil {
			if _, err := exec.LookPath("python3"); err != nil {
				t.Skip("no Python interpreter: the tool loop tests run real code")
			}
		}
	}
	p, err := sandbox.NewPool(context.Background(), sandbox.Config{Timeout: timeout, MemoryBytes: 512 << 20}, 1)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

// testLoop serves respond from a fake vLLM server and holds conversations
// with it through aimo's OpenAI client, on the chat or completions endpoint.
func testLoop(t testing.TB, opts vllmtest.Options, chat bool, s Settings) (*Loop, *vllmtest.Server) {
	t.Helper()
	srv := vllmtest.New(opts)
	t.Cleanup(srv.Close)
	client, err := openai.New(openai.Config{BaseURLs: []string{srv.URL}, Chat: chat, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	if s.Timeout == 0 {
		s.Timeout = 3 * time.Second
	}
	return &Loop{Model: client, Pool: testPool(t, s.Timeout), Settings: s}, srv
}

func chatRequest(maxTokens int) backends.Request {
	return backends.Request{
		Model:    "m",
		Messages: []backends.Message{{Role: "system", Content: "Use Python."}, {Role: "user", Content: "What is 6 * 7 + 1?"}},
		Sampling: backends.Sampling{Temperature: 0.6, MaxTokens: maxTokens}, N: 1, Seed: 5,
	}
}

func generateOne(t *testing.T, l *Loop, req backends.Request) backends.Completion {
	t.Helper()
	comps, err := l.Generate(context.Background(), req)
	if err != nil {
		t.Fatal(err)
	}
	if len(comps) != 1 {
		t.Fatalf("got %d completions, want 1", len(comps))
	}
	return comps[0]
}

// calls lists every call of a conversation.
func calls(c backends.Completion) []backends.Call {
	var out []backends.Call
	for _, t := range c.ToolTurns {
		out = append(out, t.Calls...)
	}
	return out
}
