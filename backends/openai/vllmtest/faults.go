package vllmtest

import (
	"encoding/json"
	"net"
	"net/http"
	"strconv"
)

// Fault is one way a generation request can go wrong.
type Fault int

const (
	// None serves the request normally.
	None Fault = iota
	// TooMany answers 429 with Retry-After.
	TooMany
	// Internal answers 500, as vLLM does for engine errors.
	Internal
	// Unavailable answers 503.
	Unavailable
	// BadRequest answers 400, which no retry can fix.
	BadRequest
	// Reset closes the TCP connection (with RST) before any response.
	Reset
	// CutBody sends a 200 whose JSON body stops halfway, then ends cleanly.
	CutBody
	// Hang never answers; the client must time out.
	Hang
	// WrongN answers 200 with the wrong number of choices (n-1, or 2 when n is 1).
	WrongN
	// NullContent answers 200 whose choices carry "content": null (chat) or
	// "text": null (completions) and nothing else, as a server does when its
	// output parser drops the whole generation.
	NullContent
)

var faultNames = [...]string{"none", "429", "500", "503", "400", "reset", "cut-body", "hang", "wrong-n", "null-content"}

func (f Fault) String() string {
	if int(f) < len(faultNames) {
		return faultNames[f]
	}
	return "fault(" + strconv.Itoa(int(f)) + ")"
}

// Call describes one generation request to a Hook.
type Call struct {
	// Seq numbers generation requests from 0 in arrival order, per server.
	Seq  int64
	Path string
	N    int
	Seed *int64
}

// Hook picks the fault for one call.
type Hook func(Call) Fault

// Script injects faults[i] into call i and serves later calls normally, so
// "fail twice, then succeed" is Script(Reset, Internal).
func Script(faults ...Fault) Hook {
	return func(c Call) Fault {
		if c.Seq < int64(len(faults)) {
			return faults[c.Seq]
		}
		return None
	}
}

// Seeded injects a fault into each call with probability p, choosing among kinds;
// the choice is a pure function of seed and the call's sequence number, so a run
// with the same arrival order sees the same faults.
func Seeded(seed uint64, p float64, kinds ...Fault) Hook {
	return func(c Call) Fault {
		h := mix(seed, uint64(c.Seq))
		if len(kinds) == 0 || unit(h) >= p {
			return None
		}
		return kinds[mix(h, 1)%uint64(len(kinds))]
	}
}

// fail writes the response for an error fault and reports whether it did.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, f Fault) bool {
	switch f {
	case TooMany:
		w.Header().Set("Retry-After", strconv.Itoa(s.opts.RetryAfter))
		writeError(w, http.StatusTooManyRequests, "TooManyRequestsError", "server is overloaded")
	case Internal:
		writeError(w, http.StatusInternalServerError, "InternalServerError", "engine step failed")
	case Unavailable:
		writeError(w, http.StatusServiceUnavailable, "ServiceUnavailableError", "engine is restarting")
	case BadRequest:
		writeError(w, http.StatusBadRequest, "BadRequestError", "This model's maximum context length is 4096 tokens.")
	case Reset:
		reset(w)
	case Hang:
		s.hang(r.Context())
	default:
		return false
	}
	return true
}

// reset hijacks the connection and closes it with SO_LINGER 0, so the client
// sees "connection reset by peer" rather than a polite EOF.
func reset(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tcp, ok := conn.(*net.TCPConn); ok {
		_ = tcp.SetLinger(0)
	}
	_ = conn.Close()
}

// nullContent sets every choice's content (chat) or text (completions) of a
// response body to null.
func nullContent(body []byte) []byte {
	var resp map[string]any
	if err := json.Unmarshal(body, &resp); err != nil {
		panic(err)
	}
	choices, _ := resp["choices"].([]any)
	for _, c := range choices {
		ch := c.(map[string]any)
		if m, ok := ch["message"].(map[string]any); ok {
			m["content"] = nil
			delete(m, "reasoning")
			delete(m, "reasoning_content")
		} else {
			ch["text"] = nil
		}
	}
	out, err := json.Marshal(resp)
	if err != nil {
		panic(err)
	}
	return out
}

// writeError writes vLLM's error object.
func writeError(w http.ResponseWriter, code int, typ, msg string) {
	writeJSON(w, code, map[string]any{"error": map[string]any{
		"message": msg, "type": typ, "param": nil, "code": code,
	}})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	writeBody(w, code, body)
}

func writeBody(w http.ResponseWriter, code int, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(code)
	_, _ = w.Write(body)
}
