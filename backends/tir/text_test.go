package tir

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// lastOutput is what the last ```output block of text holds.
func lastOutput(text string) (string, bool) {
	i := strings.LastIndex(text, "```output\n")
	if i < 0 || !strings.HasSuffix(text, "```\n") {
		return "", false
	}
	return text[i+len("```output\n") : len(text)-len("```\n")], true
}

// arithmetic is a model that writes code in fences: it computes 6 * 7 in a
// first cell, adds one in a second (which only works if the first cell's
// state survived), and boxes what the second cell printed. It also writes
// an output block of its own, which the stop strings must cut off.
func arithmetic(seen *[]vllmtest.Request, mu *sync.Mutex) vllmtest.Responder {
	return func(r vllmtest.Request) vllmtest.Reply {
		mu.Lock()
		*seen = append(*seen, r)
		mu.Unlock()
		text := r.Text()
		switch strings.Count(text, "```output") {
		case 0:
			return vllmtest.Reply{Content: "Let me compute.\n```python\nx = 6 * 7\nprint(x)\n```\n```output\n999\n```\nSo it is 999."}
		case 1:
			return vllmtest.Reply{Content: "Now add one.\n```python\nprint(x + 1)\n```\n"}
		}
		out, ok := lastOutput(text)
		if !ok {
			return vllmtest.Reply{Content: "I saw no output."}
		}
		return vllmtest.Reply{Content: "The answer is \\boxed{" + strings.TrimSpace(out) + "}."}
	}
}

const arithmeticTranscript = "Let me compute.\n```python\nx = 6 * 7\nprint(x)\n```\n```output\n42\n```\n" +
	"Now add one.\n```python\nprint(x + 1)\n```\n```output\n43\n```\nThe answer is \\boxed{43}."

func TestTextLoopRunsEachFenceAndContinues(t *testing.T) {
	for _, chat := range []bool{true, false} {
		name := map[bool]string{true: "chat", false: "completions"}[chat]
		t.Run(name, func(t *testing.T) {
			var seen []vllmtest.Request
			var mu sync.Mutex
			l, _ := testLoop(t, vllmtest.Options{Respond: arithmetic(&seen, &mu)}, chat, Settings{Format: Text})
			req := chatRequest(1000)
			if !chat {
				req.Messages, req.Prompt = nil, "Problem: What is 6 * 7 + 1?\n\nSolution: "
			}
			c := generateOne(t, l, req)
			if c.Text != arithmeticTranscript {
				t.Fatalf("transcript:\n%s\nwant:\n%s", c.Text, arithmeticTranscript)
			}
			if len(c.ToolTurns) != 3 {
				t.Fatalf("got %d turns, want 3: %+v", len(c.ToolTurns), c.ToolTurns)
			}
			got := calls(c)
			if len(got) != 2 || got[0].Code != "x = 6 * 7\nprint(x)\n" || got[0].Output != "42\n" || got[1].Output != "43\n" {
				t.Errorf("calls = %+v", got)
			}
			if c.ToolTurns[0].Text != "Let me compute.\n```python\nx = 6 * 7\nprint(x)\n```\n" {
				t.Errorf("first turn text %q: want the closing fence put back and nothing after it", c.ToolTurns[0].Text)
			}
			checkContinuations(t, seen, chat)
		})
	}
}

// checkContinuations checks that every request after the first carried the
// transcript so far, as the text to continue, with the fence stop strings.
func checkContinuations(t *testing.T, seen []vllmtest.Request, chat bool) {
	t.Helper()
	if len(seen) != 3 {
		t.Fatalf("server saw %d requests, want 3", len(seen))
	}
	for i, r := range seen {
		if !strings.Contains(strings.Join(r.Stop, "|"), fenceStop) || !strings.Contains(strings.Join(r.Stop, "|"), outputStop) {
			t.Errorf("request %d stop strings %q lack the fence stops", i, r.Stop)
		}
		if chat && r.Continue != (i > 0) {
			t.Errorf("request %d: continue_final_message %v", i, r.Continue)
		}
	}
	if chat && seen[1].Last().Role != "assistant" {
		t.Errorf("second request's last message is %q, want the assistant's transcript", seen[1].Last().Role)
	}
	if !strings.HasSuffix(seen[2].Text(), "```output\n43\n```\n") {
		t.Errorf("third request does not end with the second output: %q", seen[2].Text())
	}
}

func TestTextLoopLimits(t *testing.T) {
	forever := func(r vllmtest.Request) vllmtest.Reply {
		return vllmtest.Reply{Content: "Again.\n```python\nprint('again')\n```\n"}
	}
	t.Run("round limit", func(t *testing.T) {
		l, srv := testLoop(t, vllmtest.Options{Respond: forever}, true, Settings{Format: Text, MaxRounds: 2})
		c := generateOne(t, l, chatRequest(1000))
		if n := len(c.ToolTurns); n != 3 {
			t.Fatalf("got %d turns, want 3 (two rounds, then the turn that asked for a third)", n)
		}
		last := c.ToolTurns[2]
		if !last.Calls[0].Unanswered || !strings.Contains(last.Stop, "max_rounds 2") {
			t.Errorf("last turn %+v: want its call unanswered and the round limit named", last)
		}
		if srv.Requests("/v1/chat/completions") != 3 {
			t.Errorf("server saw %d requests, want 3", srv.Requests("/v1/chat/completions"))
		}
	})
	t.Run("token budget", func(t *testing.T) {
		l, _ := testLoop(t, vllmtest.Options{Respond: forever}, true, Settings{Format: Text, MaxRounds: 50})
		c := generateOne(t, l, chatRequest(10))
		if c.CompletionTokens > 10 {
			t.Errorf("used %d tokens of a budget of 10", c.CompletionTokens)
		}
		last := c.ToolTurns[len(c.ToolTurns)-1]
		if last.FinishReason != "length" || !strings.Contains(last.Stop, "token budget") {
			t.Errorf("last turn %+v: want it cut by the budget", last)
		}
	})
}

func TestTextLoopCodeFailuresAreShown(t *testing.T) {
	respond := func(r vllmtest.Request) vllmtest.Reply {
		switch strings.Count(r.Text(), "```output") {
		case 0:
			return vllmtest.Reply{Content: "```python\n1 / 0\n```\n"}
		case 1:
			return vllmtest.Reply{Content: "```python\nwhile True:\n    pass\n```\n"}
		}
		return vllmtest.Reply{Content: "Giving up: \\boxed{0}"}
	}
	l, _ := testLoop(t, vllmtest.Options{Respond: respond}, false, Settings{Format: Text, Timeout: time.Second})
	req := chatRequest(1000)
	req.Messages, req.Prompt = nil, "Q: "
	c := generateOne(t, l, req)
	got := calls(c)
	if len(got) != 2 {
		t.Fatalf("got %d calls, want 2", len(got))
	}
	if !strings.Contains(got[0].Error, "ZeroDivisionError") || !strings.Contains(c.Text, "ZeroDivisionError") {
		t.Errorf("first call %+v: want the traceback recorded and shown", got[0])
	}
	if !got[1].TimedOut || !got[1].Reset || !strings.Contains(got[1].Output, "TimeoutError") {
		t.Errorf("second call %+v: want a timeout, a reset and the notice shown", got[1])
	}
	if !strings.HasSuffix(c.Text, "Giving up: \\boxed{0}") {
		t.Errorf("the conversation did not go on after the failures: %q", c.Text)
	}
}
