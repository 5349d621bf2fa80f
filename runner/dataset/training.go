package dataset

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/aimo-dev/aimo/lang"
)

type message struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

// WriteTraining writes one JSON line per problem for the LoRA trainer: with
// chat, {"messages": [system?, user, assistant]}; without, {"prompt",
// "target"} where the prompt is the system text and the user text separated
// by a blank line. The target is the template's example rendering of the
// problem (the worked solution for every library template), so the model
// learns the same answer turn few-shot prompts show it.
func WriteTraining(w io.Writer, set *Set, t *lang.Template, chat bool) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false) // math is full of < and &
	for _, p := range set.Problems {
		if err := enc.Encode(trainingRow(p, t, chat)); err != nil {
			return fmt.Errorf("training row %s: %w", p.ID, err)
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write training data: %w", err)
	}
	return nil
}

func trainingRow(p Problem, t *lang.Template, chat bool) any {
	user, target := p.Fill(t.User), Target(p, t)
	if chat {
		var msgs []message
		if t.System != "" {
			msgs = append(msgs, message{"system", System(p, t)})
		}
		msgs = append(msgs, message{"user", user}, message{"assistant", target})
		return struct {
			Messages []message `json:"messages"`
		}{msgs}
	}
	prompt := user
	if t.System != "" {
		prompt = System(p, t) + "\n\n" + user
	}
	return struct {
		Prompt string `json:"prompt"`
		Target string `json:"target"`
	}{prompt, target}
}

// System is the system message for p under t, its placeholders filled: the
// one fill generation prompts, training data and (in Python, at run time)
// the Kaggle notebook all use.
func System(p Problem, t *lang.Template) string { return p.Fill(t.System) }

// Target is the answer turn for p under t: the template's example with p's
// placeholders filled, or the worked solution when the template has none.
func Target(p Problem, t *lang.Template) string {
	if t.Example == "" {
		return p.Worked()
	}
	return p.Fill(t.Example)
}
