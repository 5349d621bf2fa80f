package runner_test

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
)

// keysFor loads a one-problem experiment with the given tools settings and
// returns each cell's first sample key, by cell name.
func keysFor(t *testing.T, tools string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	exp := fmt.Sprintf(`local aimo = import 'aimo.libsonnet';
aimo.experiment {
  name: 'keys',
  datasets: { toy: aimo.dataset.jsonl('toy.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }) },
  models: { fake: aimo.model.openai('fake', base_url='http://localhost:1/v1') },
  matrix: { template: ['basic', 'tir', 'tir_function'] },
  tools: %s,
}`, tools)
	for name, body := range map[string]string{"toy.jsonl": `{"id": "p", "q": "1 + 1?", "a": "2"}` + "\n", "exp.jsonnet": exp} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sw, err := runner.Load(filepath.Join(dir, "exp.jsonnet"), lang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, it := range sw.Items {
		out[sw.Plan.Cells[it.Cell].Name] = it.Keys[0]
	}
	return out
}

// TestToolSettingsAreInTheKey checks that each tools setting re-runs the
// tool cells, and only them.
func TestToolSettingsAreInTheKey(t *testing.T) {
	base := keysFor(t, "{}")
	if base["tir"] == base["tir_function"] {
		t.Error("the two tool formats share a key")
	}
	for _, change := range []string{"{ max_rounds: 3 }", "{ timeout_s: 2 }", "{ memory_mb: 512 }", "{ max_output: 100 }"} {
		got := keysFor(t, change)
		if got["basic"] != base["basic"] {
			t.Errorf("tools %s changed the key of a cell without tools", change)
		}
		if got["tir"] == base["tir"] || got["tir_function"] == base["tir_function"] {
			t.Errorf("tools %s left a tool cell's key as it was", change)
		}
	}
	if same := keysFor(t, "{ max_rounds: 16, timeout_s: 6 }"); same["tir"] != base["tir"] {
		t.Error("spelling out the defaults changed a key")
	}
}
