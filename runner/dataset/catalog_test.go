package dataset

import (
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
