package runner

import (
	"errors"
	"testing"
)

// TestFailureKindDropsTheLocalPort: the same failure met on many
// connections is one line of the summary.
func TestFailureKindDropsTheLocalPort(t *testing.T) {
	for _, tt := range []struct{ name, msg, want string }{
		{"reset", `openai: gave up after 3 attempts: Post "http://127.0.0.1:8000/v1/completions": read tcp 127.0.0.1:54321->127.0.0.1:8000: read: connection reset by peer`,
			`openai: gave up after 3 attempts: Post "http://127.0.0.1:8000/v1/completions": read tcp 127.0.0.1:8000: read: connection reset by peer`},
		{"ipv6 broken pipe", `write tcp [::1]:40000->[::1]:8000: write: broken pipe`, `write tcp [::1]:8000: write: broken pipe`},
		{"tcp4", `read tcp4 10.0.0.2:33333->10.0.0.9:80: i/o timeout`, `read tcp4 10.0.0.9:80: i/o timeout`},
		{"refused keeps the server", `dial tcp 127.0.0.1:8000: connect: connection refused`, `dial tcp 127.0.0.1:8000: connect: connection refused`},
		{"server message untouched", `HTTP 500: engine step failed at a->b`, `HTTP 500: engine step failed at a->b`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := failureKind(errors.New(tt.msg)); got != tt.want {
				t.Errorf("failureKind\n got %s\nwant %s", got, tt.want)
			}
		})
	}
}
