package vllmtest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// request is the subset of vLLM's chat and completion request bodies the fake reads.
type request struct {
	Model               string          `json:"model"`
	Messages            []message       `json:"messages"`
	Prompt              *string         `json:"prompt"`
	N                   *int            `json:"n"`
	Seed                *int64          `json:"seed"`
	MaxTokens           *int            `json:"max_tokens"`
	MaxCompletionTokens *int            `json:"max_completion_tokens"`
	Logprobs            json.RawMessage `json:"logprobs"`
	TopLogprobs         *int            `json:"top_logprobs"`
	Stop                json.RawMessage `json:"stop"`
	Tools               []struct {
		Type     string `json:"type"`
		Function struct {
			Name string `json:"name"`
		} `json:"function"`
	} `json:"tools"`
	ToolChoice           json.RawMessage `json:"tool_choice"`
	ContinueFinalMessage bool            `json:"continue_final_message"`
	AddGenerationPrompt  *bool           `json:"add_generation_prompt"`
}

type message struct {
	Role             string     `json:"role"`
	Content          string     `json:"content"`
	Reasoning        string     `json:"reasoning"`
	ReasoningContent string     `json:"reasoning_content"`
	ToolCalls        []ToolCall `json:"tool_calls"`
	ToolCallID       string     `json:"tool_call_id"`
	Name             string     `json:"name"`
}

// maxLogprobs is vLLM's default --max-logprobs.
const maxLogprobs = 20

func (s *Server) generate(w http.ResponseWriter, r *http.Request) {
	if !s.authorised(w, r) {
		return
	}
	chat := r.URL.Path == "/v1/chat/completions"
	var req request
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, http.StatusBadRequest, "Bad Request", "invalid JSON body: "+err.Error())
		return
	}
	p, msg := parse(&req, chat)
	if msg != "" {
		writeError(w, http.StatusBadRequest, "BadRequestError", msg)
		return
	}
	if s.opts.Model != "" && req.Model != "" && req.Model != s.opts.Model {
		writeError(w, http.StatusNotFound, "NotFoundError", fmt.Sprintf("The model `%s` does not exist.", req.Model))
		return
	}
	call := Call{Seq: s.seq.Add(1) - 1, Path: r.URL.Path, N: p.n, Seed: req.Seed}
	if req.Seed == nil {
		p.seed = call.Seq * 7919 // vLLM draws from its engine RNG; any fresh value will do
	}
	fault := None
	if s.opts.Fault != nil {
		fault = s.opts.Fault(call)
	}
	if s.fail(w, r, fault) {
		return
	}
	if err := s.slots.hold(r.Context(), p.n, s.latency(call.Seq)); err != nil {
		return
	}
	if fault == WrongN {
		p.n = wrongN(p.n)
	}
	var resp response
	if s.opts.Respond != nil {
		resp, msg = s.scripted(&req, p, chat)
		if msg != "" {
			writeError(w, http.StatusBadRequest, "BadRequestError", msg)
			return
		}
	} else {
		resp = s.respond(p, chat)
	}
	body, err := json.Marshal(resp)
	if err != nil {
		panic(err)
	}
	if fault == NullContent {
		body = nullContent(body)
	}
	if fault == CutBody {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write(body[:len(body)/2])
		return
	}
	writeBody(w, http.StatusOK, body)
}

func (s *Server) latency(seq int64) time.Duration {
	if s.opts.Jitter <= 0 {
		return s.opts.Latency
	}
	spread := 2*unit(mix(uint64(seq), 0x5eed)) - 1
	return max(0, s.opts.Latency+time.Duration(spread*float64(s.opts.Jitter)))
}

// params is a validated request.
type params struct {
	prompt    string
	n         int
	seed      int64
	maxTokens int // -1: no limit
	topK      int // -1: no logprobs
}

// parse validates req the way vLLM does and returns a 400 message on failure.
func parse(req *request, chat bool) (params, string) {
	p := params{n: 1, maxTokens: -1, topK: -1}
	if req.N != nil {
		p.n = *req.N
	}
	if p.n < 1 {
		return p, "n must be at least 1, got " + fmt.Sprint(p.n)
	}
	if req.Seed != nil {
		p.seed = *req.Seed
	}
	if chat {
		return parseChat(req, p)
	}
	return parseCompletion(req, p)
}

func parseChat(req *request, p params) (params, string) {
	if len(req.Messages) == 0 {
		return p, "messages must not be empty"
	}
	if msg := checkConversation(req); msg != "" {
		return p, msg
	}
	var parts []string
	for _, m := range req.Messages {
		parts = append(parts, m.Content)
	}
	p.prompt = strings.Join(parts, "\n")
	switch {
	case req.MaxCompletionTokens != nil:
		p.maxTokens = *req.MaxCompletionTokens
	case req.MaxTokens != nil:
		p.maxTokens = *req.MaxTokens
	}
	var on bool
	if len(req.Logprobs) > 0 && json.Unmarshal(req.Logprobs, &on) != nil {
		return p, "logprobs must be a boolean for chat completions"
	}
	if req.TopLogprobs != nil && !on {
		return p, "when using `top_logprobs`, `logprobs` must be set to true."
	}
	if on {
		p.topK = 0
		if req.TopLogprobs != nil {
			p.topK = *req.TopLogprobs
		}
	}
	return p, checkTopK(p)
}

func parseCompletion(req *request, p params) (params, string) {
	if req.Prompt == nil {
		return p, "prompt is required"
	}
	p.prompt = *req.Prompt
	p.maxTokens = 16 // vLLM's completion default, a classic trap
	if req.MaxTokens != nil {
		p.maxTokens = *req.MaxTokens
	}
	if len(req.Logprobs) > 0 && string(req.Logprobs) != "null" {
		if json.Unmarshal(req.Logprobs, &p.topK) != nil {
			return p, "logprobs must be an integer for completions"
		}
	}
	return p, checkTopK(p)
}

func checkTopK(p params) string {
	if p.topK > maxLogprobs {
		return fmt.Sprintf("Requested sample logprobs of %d, which is greater than max allowed: %d", p.topK, maxLogprobs)
	}
	return ""
}

func wrongN(n int) int {
	if n > 1 {
		return n - 1
	}
	return 2
}
