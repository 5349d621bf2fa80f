package openai

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"

	"github.com/aimo-dev/aimo/backends"
)

// maxWrongN bounds retries of a response with the wrong number of choices: one
// such reply may be a glitch, repeated ones are a server that does not honour n.
const maxWrongN = 2

// retry sends the call until it succeeds, fails permanently or runs out of
// retries, backing off with full jitter between attempts.
// A successful attempt has already handed its body to cl.decode.
func (c *Client) retry(ctx context.Context, cl call) error {
	var refused []bool // by server index: refused this request a connection
	refusals, wrongN := 0, 0
	for attempt := 0; ; attempt++ {
		err := c.attempt(ctx, cl, &refused)
		if err == nil {
			return nil
		}
		if ctx.Err() != nil {
			return fmt.Errorf("openai: %w", ctx.Err())
		}
		k := classify(err)
		c.stats.failures[k].Add(1)
		switch k {
		case kindPermanent:
			return fmt.Errorf("openai: %w", err)
		case kindWrongN:
			if wrongN++; wrongN > maxWrongN {
				return backends.Permanent("openai: %w (after %d tries; does the server support n?)", err, wrongN)
			}
		case kindRefused:
			refusals++
		}
		if attempt >= c.cfg.MaxRetries {
			if urls, all := c.router.live(refused); refusals == attempt+1 && all {
				return &DownError{URLs: urls, Attempts: refusals, Err: err}
			}
			return fmt.Errorf("openai: gave up after %d attempts: %w", attempt+1, err)
		}
		if err := sleep(ctx, c.delay(attempt, err)); err != nil {
			return fmt.Errorf("openai: %w", err)
		}
		c.stats.retries.Add(1)
	}
}

// delay is full-jitter exponential backoff (uniform in [0, min(cap, base·2^n)]),
// which spreads a crowd of failed requests instead of retrying them in waves;
// a 429's Retry-After is a floor, up to the cap.
func (c *Client) delay(attempt int, err error) time.Duration {
	ceiling := min(c.cfg.MaxBackoff, c.cfg.Backoff<<min(attempt, 30))
	d := time.Duration(rand.Int64N(int64(ceiling) + 1))
	var st *StatusError
	if errors.As(err, &st) && st.RetryAfter > d {
		d = min(st.RetryAfter, c.cfg.MaxBackoff)
	}
	return d
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// attempt sends one HTTP request while holding a concurrency slot and a
// router slot. Slots are not held across backoff sleeps.
func (c *Client) attempt(ctx context.Context, cl call, refused *[]bool) error {
	select {
	case c.sem <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-c.sem }()
	i := c.router.acquire(*refused)
	if i < 0 {
		return errNoServers
	}
	defer c.router.release(i)
	err := c.post(ctx, endpoint(c.router.url(i), cl.path), cl)
	switch k := classify(err); {
	case err != nil && (k == kindRefused || k == kindReset):
		if k == kindRefused {
			for len(*refused) <= i {
				*refused = append(*refused, false)
			}
			(*refused)[i] = true
		}
		c.router.lost(i)
	case err == nil || errors.As(err, new(*StatusError)):
		c.router.answered(i)
	}
	return err
}

func (c *Client) post(ctx context.Context, url string, cl call) error {
	actx, cancel := context.WithTimeout(ctx, c.cfg.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodPost, url, bytes.NewReader(cl.body))
	if err != nil {
		return backends.Permanent("openai: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	if c.key != "" {
		req.Header.Set("Authorization", "Bearer "+c.key)
	}
	c.stats.requests.Add(1)
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return transportError(err, actx.Err() != nil && ctx.Err() == nil)
	}
	defer resp.Body.Close()
	body, err := readBody(resp.Body, url, c.cfg.MaxBodyBytes)
	if backends.IsPermanent(err) {
		return err
	}
	if err != nil {
		return transportError(fmt.Errorf("read %s: %w", url, err), actx.Err() != nil && ctx.Err() == nil)
	}
	if resp.StatusCode != http.StatusOK {
		return c.statusError(url, resp, body)
	}
	if err := cl.decode(body, time.Since(start).Seconds()); err != nil {
		return fmt.Errorf("%s: %w", url, err)
	}
	return nil
}
