// Package prompt renders a template, a problem and its few-shot examples
// into exactly what is sent to a model.
//
// It is opinionated about two things. Placeholders are replaced in one pass,
// literally, so braces inside a problem ("{x}", even "{answer}") reach the
// model untouched. And the identity of a prompt is a hash of every message
// sent, role and content, so any change to what the model sees is a new cache
// key and nothing else is.
package prompt

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"strings"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// Prompt is a rendered prompt: Messages for chat templates, Text for
// completion templates.
type Prompt struct {
	Messages []backends.Message
	Text     string
}

// Render renders p with its few-shot examples. A chat template gives the
// system message (if any), then a user and an assistant turn per example,
// then the user turn for p. A completion template gives the same parts as
// one text, separated by blank lines.
func Render(t *lang.Template, p dataset.Problem, examples []dataset.Problem) Prompt {
	var msgs []backends.Message
	if t.System != "" {
		msgs = append(msgs, backends.Message{Role: "system", Content: dataset.System(p, t)})
	}
	for _, ex := range examples {
		msgs = append(msgs,
			backends.Message{Role: "user", Content: ex.Fill(t.User)},
			backends.Message{Role: "assistant", Content: dataset.Target(ex, t)})
	}
	msgs = append(msgs, backends.Message{Role: "user", Content: p.Fill(t.User)})
	if t.Format != "completion" {
		return Prompt{Messages: msgs}
	}
	parts := make([]string, len(msgs))
	for i, m := range msgs {
		parts[i] = m.Content
	}
	return Prompt{Text: strings.Join(parts, "\n\n")}
}

// Identity is a stable hash of exactly what is sent: the completion text, or
// every message's role and content. Fields are length-prefixed, so no two
// different prompts can encode to the same bytes.
func (p Prompt) Identity() string {
	// The encoding is laid out whole and hashed in one call: a digest fed
	// field by field costs more than the copy for prompts of a few KB.
	var stack [1024]byte
	msg := stack[:0]
	put := func(s string) {
		msg = binary.BigEndian.AppendUint64(msg, uint64(len(s)))
		msg = append(msg, s...)
	}
	if p.Messages == nil {
		put("completion")
		put(p.Text)
	} else {
		put("chat")
		for _, m := range p.Messages {
			put(m.Role)
			put(m.Content)
		}
	}
	sum := sha256.Sum256(msg)
	var out [2 * sha256.Size]byte
	hex.Encode(out[:], sum[:])
	return string(out[:])
}
