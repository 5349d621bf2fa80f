package runner_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
)

// TestReasoningEffortIsASamplingSetting: the matrix axis and the sampling
// default reach each cell's sampling, name the cells, and change their
// identities, so a cached generation at one effort is never served for
// another; a sweep that never sets it keeps its old identities.
func TestReasoningEffortIsASamplingSetting(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "toy.jsonl"), []byte(`{"id": "p0", "q": "1+1?", "a": "2"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	write := func(extra string) *runner.Plan {
		path := filepath.Join(dir, "e.jsonnet")
		src := `local aimo = import 'aimo.libsonnet';
aimo.experiment { name: 'e', datasets: { toy: aimo.dataset.jsonl('toy.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }) },
  models: { oss: aimo.model.openai('gpt-oss-20b') }, matrix: { model: ['oss'] ` + extra + ` } }`
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		e, err := lang.Load(path, lang.Options{})
		if err != nil {
			t.Fatal(err)
		}
		p, err := runner.Build(e, func(string) (int, error) { return 1, nil })
		if err != nil {
			t.Fatal(err)
		}
		return p
	}
	plain := write("")
	efforts := write(", reasoning_effort: ['low', 'high']")
	if len(efforts.Cells) != 2 {
		t.Fatalf("%d cells, want 2", len(efforts.Cells))
	}
	seen := map[string]bool{plain.Cells[0].ID: true}
	for i, want := range []string{"low", "high"} {
		c := efforts.Cells[i]
		if c.Sampling.ReasoningEffort != want || seen[c.ID] {
			t.Errorf("cell %s: effort %q, id %s; want %q and an identity of its own", c.Name, c.Sampling.ReasoningEffort, c.ID, want)
		}
		seen[c.ID] = true
	}
	if plain.Cells[0].Sampling.ReasoningEffort != "" {
		t.Errorf("a sweep without an effort sends %q", plain.Cells[0].Sampling.ReasoningEffort)
	}
}
