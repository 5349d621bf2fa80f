package kaggle

import (
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/dataset"
	"github.com/aimo-dev/aimo/runner/prompt"
)

// renderPrompt renders the cell's template around a {problem} placeholder.
func renderPrompt(e *lang.Experiment, cat *dataset.Catalog, c runner.Cell) (Prompt, error) {
	t := e.Templates[c.Template]
	if t == nil {
		t = &lang.Template{User: "{problem}"}
	}
	kaggle := dataset.Problem{ID: "kaggle-problem", Text: "{problem}"}
	examples, err := cat.Examples(e.Fewshot.Pool, c.FewshotStrategy, e.Fewshot.IDs, c.Fewshot, kaggle, c.Seed+e.Fewshot.Seed)
	if err != nil {
		return Prompt{}, err
	}
	pr := prompt.Render(&lang.Template{Format: "chat", User: t.User, Example: t.Example}, kaggle, examples)
	out := Prompt{Format: t.Format, System: t.System, User: t.User}
	if out.Format == "" {
		out.Format = "chat"
	}
	for i := 0; i+1 < len(pr.Messages)-1; i += 2 {
		out.Examples = append(out.Examples, Example{User: pr.Messages[i].Content, Assistant: pr.Messages[i+1].Content})
	}
	if out.Examples == nil {
		out.Examples = []Example{}
	}
	return out, nil
}
