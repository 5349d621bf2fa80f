package prompt

import (
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/dataset"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

// libraryTemplates evaluates the templates of the embedded aimo.libsonnet.
func libraryTemplates(t *testing.T) map[string]*lang.Template {
	t.Helper()
	vm := lang.MakeVM([]string{t.TempDir()}, nil, nil)
	out, err := vm.EvaluateAnonymousSnippet("templates.jsonnet", "(import 'aimo.libsonnet').templates")
	if err != nil {
		t.Fatal(err)
	}
	var ts map[string]*lang.Template
	if err := json.Unmarshal([]byte(out), &ts); err != nil {
		t.Fatal(err)
	}
	return ts
}

// The problem's text holds placeholders that must reach the model as written.
var (
	problem = dataset.Problem{ID: "test/1", Text: "Let {x} = 3 and write {answer} for the result. What is {x}+{problem}?",
		Answer: "6", Subject: "Algebra", Level: 2}
	examples = []dataset.Problem{
		{ID: "train/1", Text: "What is $1+1$?", Solution: "We add: $1+1=\\boxed{2}$.", Answer: "2", Subject: "Prealgebra"},
		{ID: "train/2", Text: "Compute $2^{3}$.", Answer: "8", Subject: "Algebra"}, // no solution, as in AIMO CSVs
	}
)

func show(p Prompt) string {
	var b strings.Builder
	if p.Messages == nil {
		fmt.Fprintf(&b, "%s\n", p.Text)
	}
	for _, m := range p.Messages {
		fmt.Fprintf(&b, "[%s]\n%s\n", m.Role, m.Content)
	}
	fmt.Fprintf(&b, "identity %s\n", p.Identity())
	return b.String()
}

func TestRenderLibraryTemplates(t *testing.T) {
	ts := libraryTemplates(t)
	names := make([]string, 0, len(ts))
	for name := range ts {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			chat, completion := *ts[name], *ts[name]
			chat.Format, completion.Format = "chat", "completion"
			var b strings.Builder
			b.WriteString("== chat, zero-shot\n" + show(Render(&chat, problem, nil)))
			b.WriteString("== chat, two examples\n" + show(Render(&chat, problem, examples)))
			b.WriteString("== completion, two examples\n" + show(Render(&completion, problem, examples)))
			testkit.Golden(t, filepath.Join("testdata", name+".golden"), []byte(b.String()), *update)
		})
	}
}

func TestPlaceholdersInProblemTextAreNotExpanded(t *testing.T) {
	p := Render(&lang.Template{User: "Q: {problem} ({subject})"}, problem, nil)
	want := "Q: " + problem.Text + " (Algebra)"
	if got := p.Messages[0].Content; got != want {
		t.Errorf("user turn = %q, want %q", got, want)
	}
}

func TestIdentityCoversEveryMessage(t *testing.T) {
	base := Prompt{Messages: []backends.Message{{Role: "system", Content: "s"}, {Role: "user", Content: "u"}}}
	variants := map[string]Prompt{
		"system text":     {Messages: []backends.Message{{Role: "system", Content: "S"}, {Role: "user", Content: "u"}}},
		"role":            {Messages: []backends.Message{{Role: "user", Content: "s"}, {Role: "user", Content: "u"}}},
		"message split":   {Messages: []backends.Message{{Role: "system", Content: "su"}, {Role: "user", Content: ""}}},
		"extra turn":      {Messages: append(slices.Clone(base.Messages), backends.Message{Role: "user", Content: ""})},
		"completion text": {Text: "s\n\nu"},
	}
	id := base.Identity()
	if again := (Prompt{Messages: slices.Clone(base.Messages)}).Identity(); again != id {
		t.Errorf("identity of an equal prompt changed: %s then %s", id, again)
	}
	for name, v := range variants {
		if v.Identity() == id {
			t.Errorf("changing the %s kept the identity", name)
		}
	}
}

// TestTrainingAndGenerationFillTheSystemMessageAlike: a system message with
// placeholders reads the same in the LoRA training data as in the prompt
// the tuned model is later asked with.
func TestTrainingAndGenerationFillTheSystemMessageAlike(t *testing.T) {
	tmpl := &lang.Template{System: "You solve {subject} problems.", User: "{problem}", Format: "chat"}
	p := dataset.Problem{ID: "1", Text: "What is 1+1?", Answer: "2", Subject: "Algebra"}
	want := Render(tmpl, p, nil).Messages[0].Content
	if want != "You solve Algebra problems." {
		t.Fatalf("generation system message %q", want)
	}
	for _, chat := range []bool{true, false} {
		var b strings.Builder
		if err := dataset.WriteTraining(&b, &dataset.Set{Problems: []dataset.Problem{p}}, tmpl, chat); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), want) || strings.Contains(b.String(), "{subject}") {
			t.Errorf("chat=%v: the training row does not carry the filled system message %q:\n%s", chat, want, b.String())
		}
	}
}
