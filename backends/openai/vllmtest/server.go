// Package vllmtest is an in-process stand-in for a vLLM OpenAI-compatible server.
// It is opinionated about behaving like the real thing where clients get it wrong:
// n choices with child seeds seed+i, logprobs in vLLM's two shapes, usage summed
// over n, a bounded number of generation slots, and faults injected on a
// deterministic schedule so retry tests never depend on luck.
package vllmtest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Options configures a Server. The zero value is an instant server with
// unlimited slots, no auth, no reasoning and no faults.
type Options struct {
	// Model is the served model name; requests naming another model get 404.
	// Empty accepts any model name.
	Model string
	// APIKey, when set, is required as "Authorization: Bearer KEY" on /v1 paths.
	APIKey string
	// Slots bounds concurrently generating sequences (vLLM's --max-num-seqs);
	// each choice of a request holds one slot. Zero means unlimited.
	Slots int
	// Latency is how long a request holds its slots. Jitter spreads it
	// uniformly over Latency ± Jitter, deterministically per request, because
	// real generations differ in length and so do not finish in lockstep.
	Latency, Jitter time.Duration
	// Words is the length of each generated text before the answer (default 20).
	Words int
	// ReasoningField, when set ("reasoning" or "reasoning_content"), adds a
	// reasoning trace to chat messages under that field.
	ReasoningField string
	// RetryAfter is the Retry-After value, in seconds, sent with injected 429s.
	RetryAfter int
	// Fault decides the fault for each generation request; nil injects none.
	Fault Hook
	// Respond, when set, scripts every reply instead of generating text:
	// tool calls, code fences, reasoning, whatever a test needs.
	Respond Responder
}

// Server is a running fake vLLM server. Close it when done.
type Server struct {
	*httptest.Server
	opts    Options
	slots   *slots
	seq     atomic.Int64
	closing chan struct{}
	once    sync.Once

	mu       sync.Mutex
	requests map[string]int64
}

// New starts a server on a loopback port.
func New(opts Options) *Server {
	if opts.Words <= 0 {
		opts.Words = 20
	}
	s := &Server{
		opts:     opts,
		slots:    newSlots(opts.Slots),
		closing:  make(chan struct{}),
		requests: map[string]int64{},
	}
	mux := http.NewServeMux()
	mux.HandleFunc("/health", s.health)
	mux.HandleFunc("/v1/models", s.models)
	mux.HandleFunc("/v1/chat/completions", s.generate)
	mux.HandleFunc("/v1/completions", s.generate)
	s.Server = httptest.NewServer(s.count(mux))
	return s
}

// Close releases hanging handlers first, so that Close never waits on a client
// that is itself waiting out a hang.
func (s *Server) Close() {
	s.once.Do(func() { close(s.closing) })
	s.Server.CloseClientConnections()
	s.Server.Close()
}

// Requests returns how many requests arrived on path (faulted ones included).
func (s *Server) Requests(path string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests[path]
}

// Paths returns the request count of every path seen, as sorted "path=count".
func (s *Server) Paths() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for p, n := range s.requests {
		out = append(out, p+"="+strconv.FormatInt(n, 10))
	}
	sort.Strings(out)
	return out
}

// Utilisation is busy slot-time divided by slots × the time from the first
// slot taken to the last released: the share of capacity a client kept busy.
func (s *Server) Utilisation() float64 { return s.slots.utilisation() }

// ResetStats forgets slot accounting, so a benchmark can skip its warm-up.
func (s *Server) ResetStats() { s.slots.reset() }

func (s *Server) count(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests[r.URL.Path]++
		s.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.WriteHeader(http.StatusOK)
}

func (s *Server) models(w http.ResponseWriter, r *http.Request) {
	if !s.authorised(w, r) {
		return
	}
	name := s.opts.Model
	if name == "" {
		name = "test-model"
	}
	writeJSON(w, http.StatusOK, map[string]any{"object": "list", "data": []map[string]any{
		{"id": name, "object": "model", "owned_by": "vllm", "root": name, "parent": nil, "max_model_len": 32768},
	}})
}

func (s *Server) authorised(w http.ResponseWriter, r *http.Request) bool {
	if s.opts.APIKey == "" || r.Header.Get("Authorization") == "Bearer "+s.opts.APIKey {
		return true
	}
	// vLLM answers 401 with a bare string, not the usual error object.
	writeJSON(w, http.StatusUnauthorized, map[string]string{"error": "Unauthorized"})
	return false
}

// hang blocks until the client gives up or the server closes.
func (s *Server) hang(ctx context.Context) {
	select {
	case <-ctx.Done():
	case <-s.closing:
	}
}
