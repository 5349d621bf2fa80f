package tir

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/aimo-dev/aimo/backends"
)

// ToolName is the function tool the model may call.
const ToolName = "python"

// pythonTool describes the tool to the model; its wording is part of what
// the model sees, so changing it means bumping Version.
func pythonTool(s Settings) backends.Tool {
	return backends.Tool{
		Name: ToolName,
		Description: fmt.Sprintf("Run Python 3 code in a stateful session: variables, functions and imports persist "+
			"from one call to the next, like notebook cells. The result is what the code prints, then the value of "+
			"a final expression. Each call may run for %s.", s.Timeout),
		Parameters: json.RawMessage(`{"type":"object","properties":{"code":{"type":"string",` +
			`"description":"The Python code to run."}},"required":["code"]}`),
	}
}

// function holds a conversation through the chat API's function tools and
// returns the model's final answer text.
func (a *attempt) function(ctx context.Context) (string, error) {
	ex := a.ex
	ex.Tools = []backends.Tool{pythonTool(a.settings)}
	for !a.outOfBudget() {
		ex.Turns = a.turns
		r, ok, err := a.step(ctx, ex)
		if err != nil || !ok {
			return lastText(a.turns), err
		}
		t := newTurn(r)
		t.Calls = r.Calls
		done, err := a.answer(ctx, len(a.turns), &t)
		a.cutByBudget(&t)
		a.turns = append(a.turns, t)
		if err != nil {
			return "", err
		}
		if done {
			break
		}
	}
	return lastText(a.turns), nil
}

// answer runs the turn's calls; done says the conversation is over.
func (a *attempt) answer(ctx context.Context, turn int, t *backends.Turn) (done bool, err error) {
	if len(t.Calls) == 0 {
		return true, nil
	}
	if t.FinishReason == "length" || a.limitReached(t) {
		unanswered(t)
		return true, nil
	}
	for i := range t.Calls {
		c := &t.Calls[i]
		if c.ID == "" {
			c.ID = fmt.Sprintf("call_%d_%d", turn, i)
		}
		if msg := codeOf(c); msg != "" {
			refuse(c, msg)
			continue
		}
		if err := a.run(ctx, c); err != nil {
			return true, err
		}
	}
	a.rounds++
	return false, nil
}

// codeOf finds the code of a call: the "code" argument, or the raw
// arguments when they are not JSON (gpt-oss writes its python tool's input
// as plain code). It returns what the model is told when there is none.
func codeOf(c *backends.Call) string {
	if c.Name != ToolName {
		return fmt.Sprintf("Error: unknown tool %q; the only tool is %q.", c.Name, ToolName)
	}
	var args map[string]any
	if err := json.Unmarshal([]byte(c.Arguments), &args); err != nil {
		c.Code = c.Arguments
		return ""
	}
	code, ok := args["code"].(string)
	if !ok {
		return `Error: the python tool takes {"code": "<Python code>"}.`
	}
	c.Code = code
	return ""
}

func lastText(turns []backends.Turn) string {
	if len(turns) == 0 {
		return ""
	}
	return turns[len(turns)-1].Text
}
