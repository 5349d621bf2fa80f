package openai_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

func TestTransientFaultsAreRetried(t *testing.T) {
	tests := []struct {
		fault vllmtest.Fault
		kind  string
	}{
		{vllmtest.TooMany, "429"},
		{vllmtest.Internal, "5xx"},
		{vllmtest.Unavailable, "5xx"},
		{vllmtest.Reset, "reset"},
		{vllmtest.CutBody, "bad_body"},
		{vllmtest.WrongN, "wrong_n"},
		{vllmtest.NullContent, "bad_body"},
		{vllmtest.Hang, "timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.fault.String(), func(t *testing.T) {
			s := startServer(t, vllmtest.Options{Fault: vllmtest.Script(tt.fault, tt.fault)})
			c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: true, Timeout: 500 * time.Millisecond})
			got, err := c.Generate(context.Background(), request(3))
			if err != nil {
				t.Fatalf("want success after two faults, got %v", err)
			}
			if len(got) != 3 {
				t.Errorf("got %d completions, want 3", len(got))
			}
			st := c.Stats()
			if st.Retries != 2 || st.Requests != 3 || st.Failures[tt.kind] != 2 || len(st.Failures) != 1 {
				t.Errorf("stats %+v, want 3 requests, 2 retries, 2 failures of kind %s", st, tt.kind)
			}
			if n := s.Requests("/v1/chat/completions"); n != 3 {
				t.Errorf("server saw %d requests, want 3", n)
			}
		})
	}
}

func TestBadRequestIsPermanentAndNotRetried(t *testing.T) {
	s := startServer(t, vllmtest.Options{Fault: vllmtest.Script(vllmtest.BadRequest)})
	c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: true})
	_, err := c.Generate(context.Background(), request(1))
	if !backends.IsPermanent(err) || !strings.Contains(err.Error(), "maximum context length") {
		t.Fatalf("got %v, want a permanent error with the server's message", err)
	}
	if n := s.Requests("/v1/chat/completions"); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestUnknownModelIsPermanent(t *testing.T) {
	s := startServer(t, vllmtest.Options{Model: "qwen"})
	c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: true})
	_, err := c.Generate(context.Background(), request(1))
	if !backends.IsPermanent(err) || !strings.Contains(err.Error(), "does not exist") {
		t.Fatalf("got %v, want a permanent 404 naming the model", err)
	}
}

func TestWrongNEveryTimeBecomesPermanent(t *testing.T) {
	always := func(vllmtest.Call) vllmtest.Fault { return vllmtest.WrongN }
	s := startServer(t, vllmtest.Options{Fault: always})
	c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: true, MaxRetries: 10})
	_, err := c.Generate(context.Background(), request(4))
	if !backends.IsPermanent(err) || !strings.Contains(err.Error(), "3 choices for n=4") {
		t.Fatalf("got %v, want a permanent wrong-n error", err)
	}
	if n := s.Requests("/v1/chat/completions"); n != 3 {
		t.Errorf("server saw %d requests, want 3 (one try and two retries)", n)
	}
}

func TestRetriesRunOutWithLastCause(t *testing.T) {
	always := func(vllmtest.Call) vllmtest.Fault { return vllmtest.Unavailable }
	s := startServer(t, vllmtest.Options{Fault: always})
	c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: true, MaxRetries: 3})
	_, err := c.Generate(context.Background(), request(1))
	var st *openai.StatusError
	if !errors.As(err, &st) || st.Code != 503 || backends.IsPermanent(err) {
		t.Fatalf("got %v, want a retriable error wrapping the last 503", err)
	}
	if got, want := c.Stats().String(), "4 requests, 3 retries, 0 ok, 1 failed (5xx 4)"; got != want {
		t.Errorf("stats %q, want %q", got, want)
	}
}

func TestRetryAfterIsHonoured(t *testing.T) {
	s := startServer(t, vllmtest.Options{RetryAfter: 1, Fault: vllmtest.Script(vllmtest.TooMany)})
	c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: true,
		Backoff: time.Millisecond, MaxBackoff: 5 * time.Second})
	start := time.Now()
	if _, err := c.Generate(context.Background(), request(1)); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < time.Second {
		t.Errorf("retried after %v, want at least the 1s Retry-After", d)
	}
}

func TestEveryURLDownIsDownError(t *testing.T) {
	urls := []string{deadURL(t), deadURL(t), deadURL(t)}
	c := newClient(t, openai.Config{BaseURLs: urls, Chat: true, MaxRetries: 4})
	start := time.Now()
	_, err := c.Generate(context.Background(), request(1))
	var down *openai.DownError
	if !errors.As(err, &down) {
		t.Fatalf("got %v, want *DownError", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v to give up, want well under 2s", d)
	}
	for _, u := range urls {
		if !strings.Contains(err.Error(), u) {
			t.Errorf("error %q does not name %s", err, u)
		}
	}
}

func TestOneURLDownRoutesToTheOther(t *testing.T) {
	s := startServer(t, vllmtest.Options{})
	c := newClient(t, openai.Config{BaseURLs: []string{deadURL(t), s.URL}, Chat: true})
	if _, err := c.Generate(context.Background(), request(1)); err != nil {
		t.Fatalf("want success on the live server, got %v", err)
	}
}

func TestAPIKeyIsSentAndNeverInErrors(t *testing.T) {
	const key = "sk-secret-4f9a"
	t.Setenv("AIMO_TEST_KEY", key)
	s := startServer(t, vllmtest.Options{APIKey: key, Fault: vllmtest.Script(vllmtest.None, vllmtest.BadRequest)})
	c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, APIKeyEnv: "AIMO_TEST_KEY", Chat: true})
	if _, err := c.Generate(context.Background(), request(1)); err != nil {
		t.Fatalf("want the key accepted, got %v", err)
	}
	_, bad := c.Generate(context.Background(), request(1))
	t.Setenv("AIMO_TEST_KEY", "sk-wrong-77")
	wrong := newClient(t, openai.Config{BaseURLs: []string{s.URL}, APIKeyEnv: "AIMO_TEST_KEY", Chat: true})
	_, unauth := wrong.Generate(context.Background(), request(1))
	if !backends.IsPermanent(unauth) || !strings.Contains(unauth.Error(), "Unauthorized") {
		t.Errorf("wrong key: got %v, want a permanent Unauthorized", unauth)
	}
	for _, err := range []error{bad, unauth} {
		if err == nil || strings.Contains(err.Error(), key) || strings.Contains(err.Error(), "sk-wrong-77") {
			t.Errorf("error %q: want an error without the key", err)
		}
	}
}

func TestMissingAPIKeyFailsAtNew(t *testing.T) {
	t.Setenv("AIMO_TEST_KEY", "")
	_, err := openai.New(openai.Config{BaseURLs: []string{"http://localhost:8000"}, APIKeyEnv: "AIMO_TEST_KEY"})
	if err == nil || !strings.Contains(err.Error(), "AIMO_TEST_KEY") {
		t.Errorf("got %v, want an error naming the variable", err)
	}
}

func TestCancelledContextStopsAtOnce(t *testing.T) {
	s := startServer(t, vllmtest.Options{Fault: vllmtest.Script(vllmtest.Hang)})
	c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: true, Timeout: time.Minute})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := c.Generate(ctx, request(1))
	if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) > time.Second {
		t.Errorf("got %v after %v, want the caller's deadline at once", err, time.Since(start))
	}
	if st := c.Stats(); st.Retries != 0 {
		t.Errorf("%d retries after the caller gave up, want 0", st.Retries)
	}
}

func TestSeededChaosStillYieldsEveryAnswer(t *testing.T) {
	hook := vllmtest.Seeded(42, 0.3, vllmtest.TooMany, vllmtest.Internal, vllmtest.Unavailable,
		vllmtest.Reset, vllmtest.CutBody)
	s := startServer(t, vllmtest.Options{Fault: hook})
	c := newClient(t, openai.Config{BaseURLs: []string{s.URL}, Chat: true, Concurrency: 8, MaxRetries: 12})
	errs := make(chan error, 40)
	for i := range 40 {
		go func() {
			req := request(2)
			req.Seed = int64(100 * i)
			got, err := c.Generate(context.Background(), req)
			if err == nil && !strings.Contains(got[1].Text, fmt.Sprintf(`\boxed{%d}`, vllmtest.Answer(prompt, req.Seed+1))) {
				err = fmt.Errorf("request %d: sample 1 %q has the wrong answer", i, got[1].Text)
			}
			errs <- err
		}()
	}
	for range 40 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
	if st := c.Stats(); st.Succeeded != 40 || st.Retries == 0 {
		t.Errorf("stats %v, want 40 ok after some retries", st)
	}
}
