package openai

import (
	"fmt"
	"sort"
	"strings"
	"sync/atomic"
)

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

// String formats the counters for a progress line, failure kinds sorted:
// "40 requests, 2 retries, 38 ok, 0 failed (429 1, reset 1)".
func (s Stats) String() string {
	out := fmt.Sprintf("%d requests, %d retries, %d ok, %d failed", s.Requests, s.Retries, s.Succeeded, s.Failed)
	if len(s.Failures) == 0 {
		return out
	}
	kinds := make([]string, 0, len(s.Failures))
	for k := range s.Failures {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	for i, k := range kinds {
		kinds[i] = fmt.Sprintf("%s %d", k, s.Failures[k])
	}
	return out + " (" + strings.Join(kinds, ", ") + ")"
}
