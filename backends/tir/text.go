package tir

import (
	"context"
	"slices"
	"strings"

	"github.com/aimo-dev/aimo/backends"
)

// The text loop's stop strings. A closing fence ends a turn so that the
// code runs before the model can imagine its output; "```output" catches a
// model that opens the output block itself (the ToRA and NuminaMath
// convention). Servers drop the stop string from the text, so a closing
// fence is put back.
const (
	fenceStop  = "```\n"
	outputStop = "```output"
)

// text holds a conversation in the text format and returns its transcript:
// the model's text with each ```output block aimo added.
func (a *attempt) text(ctx context.Context) (string, error) {
	var transcript strings.Builder
	ex := a.ex
	ex.Sampling.Stop = append(slices.Clone(ex.Sampling.Stop), fenceStop, outputStop)
	for turns := 0; turns < 2*a.settings.MaxRounds+2 && !a.outOfBudget(); turns++ {
		ex.Continue = transcript.String()
		r, ok, err := a.step(ctx, ex)
		if err != nil || !ok {
			return transcript.String(), err
		}
		t := newTurn(r)
		restored := r.FinishReason == "stop" && closedByStop(r, transcript.String())
		if restored {
			t.Text += fenceStop
		}
		start := transcript.Len()
		transcript.WriteString(t.Text)
		code, run := endingCode(transcript.String(), start)
		if r.FinishReason == "length" || !run && !restored {
			a.cutByBudget(&t)
			a.turns = append(a.turns, t)
			return transcript.String(), nil
		}
		if run {
			t.Calls = []backends.Call{{Code: code}}
			if a.limitReached(&t) {
				a.turns = append(a.turns, t)
				return transcript.String(), nil
			}
			if err := a.run(ctx, &t.Calls[0]); err != nil {
				return "", err
			}
			a.rounds++
			transcript.WriteString(outputBlock(transcript.String(), t.Calls[0].Output))
		}
		a.turns = append(a.turns, t)
	}
	if n := len(a.turns); n > 0 && a.turns[n-1].Stop == "" {
		a.turns[n-1].Stop = "the turn limit (2 x max_rounds + 2) was reached"
	}
	return transcript.String(), nil
}

// closedByStop reports whether the reply ended at a closing fence that the
// server removed: vLLM says so in stop_reason; other servers leave a fence
// open at the end of the text.
func closedByStop(r backends.Reply, before string) bool {
	if r.StopReason != "" {
		return r.StopReason == fenceStop
	}
	return fenceOpen(before + r.Text)
}

// outputBlock is the ```output block appended after code, on a line of
// its own.
func outputBlock(transcript, output string) string {
	var b strings.Builder
	if !strings.HasSuffix(transcript, "\n") {
		b.WriteByte('\n')
	}
	b.WriteString("```output\n")
	b.WriteString(output)
	if output != "" && !strings.HasSuffix(output, "\n") {
		b.WriteByte('\n')
	}
	b.WriteString("```\n")
	return b.String()
}
