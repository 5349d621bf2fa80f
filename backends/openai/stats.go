package openai

import "sync/atomic"

// Stats is a snapshot of a client's counters, for progress lines and tests.
type Stats struct {
	// Requests counts HTTP requests sent, retries included.
	Requests int64
	// Retries counts attempts made after a failed one.
	Retries int64
	// Succeeded and Failed count Generate calls by outcome.
	Succeeded, Failed int64
	// Failures counts failed attempts by kind: "429", "5xx", "timeout", "reset",
	// "refused", "bad_body", "wrong_n", "permanent". Kinds never seen are absent.
	Failures map[string]int64
}

type counters struct {
	requests, retries, succeeded, failed atomic.Int64
	failures                             [numKinds]atomic.Int64
}

// Stats returns the client's counters so far.
func (c *Client) Stats() Stats {
	s := Stats{
		Requests:  c.stats.requests.Load(),
		Retries:   c.stats.retries.Load(),
		Succeeded: c.stats.succeeded.Load(),
		Failed:    c.stats.failed.Load(),
		Failures:  map[string]int64{},
	}
	for k := range numKinds {
		if n := c.stats.failures[k].Load(); n > 0 {
			s.Failures[k.String()] = n
		}
	}
	return s
}
