// Package openai is a Generator for OpenAI-compatible servers, vLLM first. It is
// opinionated about the things that waste GPU hours when done loosely: it always
// sends every sampling parameter and a seed (child i of a request gets seed+i, as
// vLLM does), rejects a response with the wrong number of choices instead of
// padding it, keeps enough requests in flight to fill vLLM's continuous batch,
// routes each request to the least-loaded server, retries only what a retry can
// fix, and reports a server that is down for good as one typed error.
package openai

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"sync/atomic"
	"time"

	"github.com/aimo-dev/aimo/backends"
)

// Config says where the servers are and how hard to push them.
type Config struct {
	// BaseURLs are the servers, e.g. "http://localhost:8000" or ".../v1".
	BaseURLs []string
	// APIKeyEnv names the environment variable holding the API key; empty means
	// no key. The key is read once, in New, and only ever sent as a header.
	APIKeyEnv string
	// Chat selects /v1/chat/completions; false selects /v1/completions.
	Chat bool
	// Concurrency bounds requests in flight from this client (default 256,
	// enough to keep a vLLM server's continuous batch full).
	Concurrency int
	// Timeout bounds one HTTP attempt (default 30 minutes).
	Timeout time.Duration
	// MaxRetries is how many times a failed attempt is retried (default 6;
	// negative means never retry).
	MaxRetries int
	// Backoff is the base of the exponential backoff (default 250ms) and
	// MaxBackoff its cap (default 20s); Retry-After is honoured up to MaxBackoff.
	Backoff, MaxBackoff time.Duration
	// HTTPClient replaces the tuned default client.
	HTTPClient *http.Client
	// MaxBodyBytes bounds one response body (default: $AIMO_OPENAI_MAX_BODY_MB as
	// New finds it, else DefaultMaxBodyMB).
	MaxBodyBytes int64
}

// Client is a backends.Generator for one model family on one or more servers.
// It is safe for concurrent use.
type Client struct {
	cfg    Config
	key    string
	http   *http.Client
	router *router
	sem    chan struct{}
	stats  counters
	// reasoningField is the name the server gives the reasoning channel
	// ("reasoning" or "reasoning_content"), learned from its replies so
	// that Step sends earlier turns' reasoning back under the same name.
	reasoningField atomic.Value
}

var _ backends.Generator = (*Client)(nil)

// New checks cfg, reads the API key and builds a client.
func New(cfg Config) (*Client, error) {
	cfg = withDefaults(cfg)
	if len(cfg.BaseURLs) == 0 {
		return nil, fmt.Errorf("openai: no base URL given")
	}
	for _, u := range cfg.BaseURLs {
		if err := checkURL(u); err != nil {
			return nil, err
		}
	}
	c := &Client{cfg: cfg, http: cfg.HTTPClient, router: newRouter(cfg.BaseURLs), sem: make(chan struct{}, cfg.Concurrency)}
	if cfg.APIKeyEnv != "" {
		c.key = os.Getenv(cfg.APIKeyEnv)
		if c.key == "" {
			return nil, fmt.Errorf("openai: environment variable %s (api key) is empty or unset", cfg.APIKeyEnv)
		}
	}
	if c.http == nil {
		c.http = &http.Client{Transport: newTransport(cfg.Concurrency, len(cfg.BaseURLs))}
	}
	return c, nil
}

func withDefaults(cfg Config) Config {
	if cfg.Concurrency <= 0 {
		cfg.Concurrency = 256
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Minute
	}
	switch {
	case cfg.MaxRetries == 0:
		cfg.MaxRetries = 6
	case cfg.MaxRetries < 0:
		cfg.MaxRetries = 0
	}
	if cfg.MaxBodyBytes <= 0 {
		cfg.MaxBodyBytes = defaultMaxBody()
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 250 * time.Millisecond
	}
	if cfg.MaxBackoff <= 0 {
		cfg.MaxBackoff = 20 * time.Second
	}
	return cfg
}

// newTransport keeps one idle connection per possible in-flight request, so a
// busy client never pays for new TCP handshakes, and drops idle connections
// before uvicorn's 5 s keep-alive does, so it never writes into a closing one.
func newTransport(concurrency, hosts int) *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxIdleConns = concurrency * hosts
	t.MaxIdleConnsPerHost = concurrency
	t.IdleConnTimeout = 4 * time.Second
	t.ForceAttemptHTTP2 = false
	return t
}

// redact removes the API key from text headed for an error message, in case a
// server echoes request headers back, in any letter case (a server that
// upper-cases what it echoes must not leak the key into the cache).
func (c *Client) redact(s string) string {
	if c.key == "" {
		return s
	}
	return regexp.MustCompile("(?i)"+regexp.QuoteMeta(c.key)).ReplaceAllLiteralString(s, "[api key]")
}

// Close drops the client's idle connections, and the goroutines that keep
// them; a request sent later opens new ones.
func (c *Client) Close() error {
	c.http.CloseIdleConnections()
	return nil
}

// Generate asks a server for req.N samples and returns them in sample order.
func (c *Client) Generate(ctx context.Context, req backends.Request) ([]backends.Completion, error) {
	call, err := c.encode(req)
	if err != nil {
		return nil, err
	}
	var comps []backends.Completion
	call.decode = func(body []byte, latency float64) error {
		got, err := decode(body, call.n)
		if err != nil {
			return err
		}
		for i := range got {
			got[i].LatencyS = latency
		}
		comps = got
		return nil
	}
	if err := c.send(ctx, call); err != nil {
		return nil, err
	}
	return comps, nil
}

// send runs a call through retries and counts how it ended.
func (c *Client) send(ctx context.Context, cl call) error {
	if err := c.retry(ctx, cl); err != nil {
		c.stats.failed.Add(1)
		return err
	}
	c.stats.succeeded.Add(1)
	return nil
}
