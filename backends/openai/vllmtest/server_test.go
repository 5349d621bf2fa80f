package vllmtest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

type reply struct {
	Choices []struct {
		Index        int    `json:"index"`
		Text         string `json:"text"`
		FinishReason string `json:"finish_reason"`
		Message      struct {
			Content string `json:"content"`
		} `json:"message"`
	} `json:"choices"`
	Usage struct {
		CompletionTokens int `json:"completion_tokens"`
	} `json:"usage"`
	Error struct {
		Message string `json:"message"`
	} `json:"error"`
}

func post(t *testing.T, s *vllmtest.Server, path, body string) (int, reply) {
	t.Helper()
	resp, err := http.Post(s.URL+path, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r reply
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, r
}

func TestValidationMatchesVLLM(t *testing.T) {
	s := vllmtest.New(vllmtest.Options{})
	defer s.Close()
	tests := []struct {
		name, path, body, want string
	}{
		{"too many logprobs", "/v1/chat/completions",
			`{"messages":[{"role":"user","content":"x"}],"logprobs":true,"top_logprobs":21}`,
			"Requested sample logprobs of 21, which is greater than max allowed: 20"},
		{"top_logprobs without logprobs", "/v1/chat/completions",
			`{"messages":[{"role":"user","content":"x"}],"top_logprobs":5}`, "`logprobs` must be set to true"},
		{"chat-style logprobs on completions", "/v1/completions", `{"prompt":"x","logprobs":true}`, "must be an integer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, r := post(t, s, tt.path, tt.body)
			if code != http.StatusBadRequest || !strings.Contains(r.Error.Message, tt.want) {
				t.Errorf("got %d %q, want 400 containing %q", code, r.Error.Message, tt.want)
			}
		})
	}
}

func TestChildSeedsAreSeedPlusIndex(t *testing.T) {
	s := vllmtest.New(vllmtest.Options{Words: 5})
	defer s.Close()
	_, a := post(t, s, "/v1/completions", `{"prompt":"p","n":3,"seed":10,"max_tokens":100}`)
	_, b := post(t, s, "/v1/completions", `{"prompt":"p","n":1,"seed":11,"max_tokens":100}`)
	if a.Choices[1].Text != b.Choices[0].Text || a.Choices[0].Text == a.Choices[1].Text {
		t.Errorf("seed 10 choice 1 %q, seed 11 choice 0 %q: want equal, and choices to differ", a.Choices[1].Text, b.Choices[0].Text)
	}
	if a.Usage.CompletionTokens != 3*9 {
		t.Errorf("usage %d completion tokens, want 27 summed over n=3", a.Usage.CompletionTokens)
	}
}

func TestCompletionsDefaultToSixteenTokens(t *testing.T) {
	s := vllmtest.New(vllmtest.Options{Words: 30})
	defer s.Close()
	_, r := post(t, s, "/v1/completions", `{"prompt":"p","seed":1}`)
	if r.Choices[0].FinishReason != "length" || r.Usage.CompletionTokens != 16 {
		t.Errorf("finish %q after %d tokens, want length after 16", r.Choices[0].FinishReason, r.Usage.CompletionTokens)
	}
}

func TestSeededFaultsAreReproducible(t *testing.T) {
	a := vllmtest.Seeded(7, 0.3, vllmtest.TooMany, vllmtest.Reset)
	b := vllmtest.Seeded(7, 0.3, vllmtest.TooMany, vllmtest.Reset)
	faults := 0
	for seq := range int64(1000) {
		fa := a(vllmtest.Call{Seq: seq})
		if fa != b(vllmtest.Call{Seq: seq}) {
			t.Fatalf("call %d: schedules with the same seed differ", seq)
		}
		if fa != vllmtest.None {
			faults++
		}
	}
	if faults < 250 || faults > 350 {
		t.Errorf("%d faults in 1000 calls, want about 300", faults)
	}
}

func TestAuthGuardsOnlyV1(t *testing.T) {
	s := vllmtest.New(vllmtest.Options{APIKey: "k"})
	defer s.Close()
	for _, tt := range []struct {
		path string
		want int
	}{{"/health", 200}, {"/v1/models", 401}} {
		path, want := tt.path, tt.want
		resp, err := http.Get(s.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("GET %s = %d, want %d", path, resp.StatusCode, want)
		}
	}
}

func TestUtilisationCountsHeldSlots(t *testing.T) {
	s := vllmtest.New(vllmtest.Options{Slots: 4, Latency: 30 * time.Millisecond})
	defer s.Close()
	// One request with n=2 holds half the slots for the whole window.
	post(t, s, "/v1/completions", `{"prompt":"p","n":2,"seed":1}`)
	if u := s.Utilisation(); u < 0.45 || u > 0.55 {
		t.Errorf("utilisation %.3f, want 0.5", u)
	}
}
