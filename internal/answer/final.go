package answer

import "strings"

// Markers of the two ways reasoning models put their thinking in the same
// text as their answer: gpt-oss's harmony channels and <think> blocks.
const (
	harmonyChannel = "<|channel|>"
	harmonyFinal   = "<|channel|>final<|message|>"
	thinkOpen      = "<think>"
	thinkClose     = "</think>"
)

// harmonyEnds end a harmony message.
var harmonyEnds = []string{"<|return|>", "<|end|>", "<|call|>"}

// Truncated is the finish reason of an attempt cut off at its token limit.
const Truncated = "length"

// Final is the part of a model output answers are extracted from, and ""
// when the attempt has no final answer to give: one cut off at its token
// limit abstains (its last number is wherever it stopped, not an answer);
// harmony output is its last final-channel message; <think> output is what
// follows the last </think>. Reasoning returned apart from the text (a
// server's reasoning field) is never looked at. The exported notebook
// applies the same rule to vLLM's raw output.
//
// Most texts hold no marker: one search for the '<' every marker starts
// with rules them all out, and else strings.Contains, which scans with
// vector instructions, rules each out before the slower strings.LastIndex
// runs.
func Final(text, finishReason string) string {
	if finishReason == Truncated {
		return ""
	}
	if strings.IndexByte(text, '<') < 0 {
		return text
	}
	if strings.Contains(text, harmonyFinal) {
		msg := text[strings.LastIndex(text, harmonyFinal)+len(harmonyFinal):]
		for _, end := range harmonyEnds {
			if j := strings.Index(msg, end); j >= 0 {
				msg = msg[:j]
			}
		}
		return msg
	}
	if strings.Contains(text, harmonyChannel) {
		return "" // harmony output that never reached its final channel
	}
	if strings.Contains(text, thinkClose) {
		return text[strings.LastIndex(text, thinkClose)+len(thinkClose):]
	}
	if strings.Contains(text, thinkOpen) {
		return "" // thinking that never ended
	}
	return text
}
