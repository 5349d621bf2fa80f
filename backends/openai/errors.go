package openai

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aimo-dev/aimo/backends"
)

// DownError says no server could be reached at all: every attempt of a request
// was refused, on every URL. The runner stops the sweep on it rather than
// recording thousands of identical failures.
type DownError struct {
	URLs     []string
	Attempts int
	Err      error
}

func (e *DownError) Error() string {
	if len(e.URLs) == 0 {
		return "openai: no server is left to send requests to: every one was removed (did their jobs end?)"
	}
	return fmt.Sprintf("openai: no server is accepting connections at %s (refused %d times); is it running and listening on that port?",
		strings.Join(e.URLs, ", "), e.Attempts)
}

func (e *DownError) Unwrap() error { return e.Err }

// StatusError is a non-200 answer, with the server's own message.
type StatusError struct {
	URL        string
	Code       int
	Message    string
	RetryAfter time.Duration
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s: HTTP %d: %s", e.URL, e.Code, e.Message)
}

// kind classifies a failed attempt, for retry decisions and counters.
type kind int

const (
	kindTooMany kind = iota
	kindServer
	kindTimeout
	kindReset
	kindRefused
	kindBadBody
	kindWrongN
	kindPermanent
	numKinds
)

var kindNames = [numKinds]string{"429", "5xx", "timeout", "reset", "refused", "bad_body", "wrong_n", "permanent"}

func (k kind) String() string { return kindNames[k] }

// classify decides what a failed attempt was. Anything unrecognised is treated
// as a transient network failure: retrying a bounded number of times is cheap.
func classify(err error) kind {
	var st *StatusError
	var wn *wrongNError
	var bb *badBodyError
	var ne net.Error
	switch {
	case backends.IsPermanent(err):
		return kindPermanent
	case errors.As(err, &st):
		return statusKind(st.Code)
	case errors.As(err, &wn):
		return kindWrongN
	case errors.As(err, &bb):
		return kindBadBody
	case errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, errNoServers):
		return kindRefused
	case errors.As(err, &ne) && ne.Timeout(), errors.Is(err, errAttemptTimeout):
		return kindTimeout
	default:
		return kindReset
	}
}

func statusKind(code int) kind {
	switch code {
	case http.StatusTooManyRequests:
		return kindTooMany
	case http.StatusRequestTimeout, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return kindServer
	}
	return kindPermanent
}

var errAttemptTimeout = errors.New("attempt timed out")

// errNoServers is an attempt that found every server removed; it is retried
// like a refused connection (a replica may join meanwhile), and ends in a
// DownError.
var errNoServers = errors.New("no servers left")

// statusError builds the error for a non-200 response, permanent when the
// status says retrying cannot help.
func (c *Client) statusError(url string, resp *http.Response, body []byte) error {
	e := &StatusError{URL: url, Code: resp.StatusCode, Message: c.redact(serverMessage(body))}
	if s, err := strconv.Atoi(strings.TrimSpace(resp.Header.Get("Retry-After"))); err == nil && s >= 0 {
		e.RetryAfter = time.Duration(s) * time.Second
	}
	if statusKind(e.Code) == kindPermanent {
		return &backends.PermanentError{Err: e}
	}
	return e
}

// serverMessage digs the human message out of the error shapes of vLLM
// ({"error":{"message"}} and {"error":"Unauthorized"}), SGLang ({"message"})
// and FastAPI ({"detail"}), falling back to the start of the raw body.
func serverMessage(body []byte) string {
	var v struct {
		Error   json.RawMessage `json:"error"`
		Message string          `json:"message"`
		Detail  any             `json:"detail"`
	}
	if json.Unmarshal(body, &v) == nil {
		var obj struct{ Message, Type string }
		var str string
		switch {
		case json.Unmarshal(v.Error, &obj) == nil && strings.TrimSpace(obj.Message+obj.Type) != "":
			return joinNonEmpty(obj.Type, obj.Message)
		case json.Unmarshal(v.Error, &str) == nil && str != "":
			return str
		case v.Message != "":
			return v.Message
		case v.Detail != nil:
			return fmt.Sprint(v.Detail)
		}
	}
	s := strings.TrimSpace(string(body))
	if len(s) > 300 {
		s = s[:300] + "…"
	}
	if s == "" {
		s = "(empty body)"
	}
	return s
}

// joinNonEmpty joins an error's type and message with ": ", leaving out
// either when it is blank, so an empty type never shows as ": message".
func joinNonEmpty(typ, msg string) string {
	typ, msg = strings.TrimSpace(typ), strings.TrimSpace(msg)
	if typ == "" || msg == "" {
		return typ + msg
	}
	return typ + ": " + msg
}

// transportError wraps a failure to get a complete response. A read cut short
// (reset, EOF) is kept as is; an attempt that hit the per-request timeout is
// marked so it is counted as a timeout rather than a reset.
func transportError(err error, timedOut bool) error {
	if timedOut {
		return fmt.Errorf("%w: %w", errAttemptTimeout, err)
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return fmt.Errorf("connection closed mid-response: %w", err)
	}
	return err
}
