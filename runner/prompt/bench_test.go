package prompt

import (
	"testing"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// BenchmarkRenderIdentity renders a four-shot chat prompt and hashes it, the
// work done once per problem and cell before the cache lookup.
func BenchmarkRenderIdentity(b *testing.B) {
	t := &lang.Template{Format: "chat", System: "Solve it.", User: "Problem: {problem}", Example: "Solution: {solution}"}
	ex := append(append([]dataset.Problem{}, examples...), examples...)
	for b.Loop() {
		_ = Render(t, problem, ex).Identity()
	}
}
