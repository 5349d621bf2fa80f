package eval

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// repoRoot walks up from the package directory to the one holding go.mod.
func repoRoot(t testing.TB) string {
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the package directory")
		}
		dir = parent
	}
}

// sweep is an experiment run for real through the replay backend.
type sweep struct {
	exp     *lang.Experiment
	plan    *runner.Plan
	cat     *dataset.Catalog
	samples []runner.ItemSamples
}

var (
	quickOnce sync.Once
	quick     *sweep
	quickErr  error
)

// quickstart runs experiments/quickstart.jsonnet into a temporary cache once
// per test binary and collects its samples.
func quickstart(t *testing.T) *sweep {
	t.Helper()
	quickOnce.Do(func() {
		dir, err := os.MkdirTemp("", "aimo-eval-quickstart")
		if err != nil {
			quickErr = err
			return
		}
		defer os.RemoveAll(dir)
		quick, quickErr = runSweep(filepath.Join(repoRoot(t), "experiments", "quickstart.jsonnet"), filepath.Join(dir, "cache.db"))
	})
	if quickErr != nil {
		t.Fatal(quickErr)
	}
	return quick
}

func runSweep(file, cachePath string) (*sweep, error) {
	e, err := lang.Load(file, lang.Options{})
	if err != nil {
		return nil, err
	}
	cat, err := dataset.LoadAll(e)
	if err != nil {
		return nil, err
	}
	p, err := runner.Build(e, func(name string) (int, error) {
		s, err := cat.Set(name)
		if err != nil {
			return 0, err
		}
		return len(s.Problems), nil
	})
	if err != nil {
		return nil, err
	}
	items, err := runner.Items(e, p, cat)
	if err != nil {
		return nil, err
	}
	store, err := cache.Open(cachePath)
	if err != nil {
		return nil, err
	}
	defer store.Close()
	if _, err := runner.Execute(context.Background(), e, p, items, runner.Options{Store: store, Generator: runner.Generators(e)}); err != nil {
		return nil, err
	}
	samples, _, err := runner.Collect(store, items)
	if err != nil {
		return nil, err
	}
	return &sweep{exp: e, plan: p, cat: cat, samples: samples}, nil
}

func (s *sweep) evaluate(t *testing.T) *Results {
	t.Helper()
	r, err := Evaluate(s.exp, s.plan, s.cat, s.samples)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
