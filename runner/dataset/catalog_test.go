package dataset

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/lang"
)

func TestLoadAllNamesDatasetsAndSplits(t *testing.T) {
	e, err := lang.Load("testdata/exp.jsonnet", lang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	c, err := LoadAll(e)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"math": 60, "aimo3": 2, "train": 30, "val": 15, "test": 15}
	for name, n := range want {
		s, err := c.Set(name)
		if err != nil {
			t.Fatal(err)
		}
		if len(s.Problems) != n {
			t.Errorf("%s has %d problems, want %d", name, len(s.Problems), n)
		}
	}
	if c.Split == nil || c.Split.Dataset != "math" || len(c.Split.Strata) != 6 {
		t.Errorf("split report = %+v, want math in 6 subject|level strata", c.Split)
	}
	ex, err := c.Examples(e.Fewshot.Pool, e.Fewshot.Strategy, nil, 3, mustSet(t, c, "test").Problems[0], e.Fewshot.Seed)
	if err != nil || len(ex) != 3 {
		t.Errorf("examples from the declared pool: %v, %v", ex, err)
	}
}

func mustSet(t *testing.T, c *Catalog, name string) *Set {
	t.Helper()
	s, err := c.Set(name)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestConfirmationSharingProblemsIsRefused: two datasets read the same file,
// one is split for selection and the other confirms. The language cannot see
// the overlap; loading the data must refuse it at select.confirm, as a
// config error (exit 2) located in the file.
func TestConfirmationSharingProblemsIsRefused(t *testing.T) {
	data, err := filepath.Abs("testdata/small_math.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "exp.jsonnet")
	src := `local aimo = import 'aimo.libsonnet';
aimo.experiment {
  name: 'overlap',
  datasets: { math: aimo.dataset.math('` + data + `'), again: aimo.dataset.math('` + data + `') },
  splits: aimo.split.stratified(dataset='math', fractions={ val: 0.5, test: 0.5 }, seed=7),
  models: { m: aimo.model.replay('replay.jsonl', text='text', problem_id='id') },
  evaluate: ['val', 'again'],
  select: {
    on: 'val',
    confirm: 'again',
  },
}
`
	if err := os.WriteFile(file, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	// The data is outside the experiment's folder: its folder is a library
	// folder, as -J would make it.
	e, err := lang.Load(file, lang.Options{LibPaths: []string{filepath.Dir(data)}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = LoadAll(e)
	var ce *lang.ConfigError
	if !errors.As(err, &ce) || ce.ExitCode() != 2 {
		t.Fatalf("err = %v, want a *lang.ConfigError", err)
	}
	want := file + `:10: select.confirm: "again" shares 30 of its 60 problems with the selection set "val"`
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error\n%s\nwant it to start with\n%s", err, want)
	}
}
