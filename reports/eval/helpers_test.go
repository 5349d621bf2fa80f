package eval

import (
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/internal/testkit/sweeps"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/dataset"
)

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
		quick, quickErr = runSweep(filepath.Join(testkit.RepoRoot(t), "experiments", "quickstart.jsonnet"), filepath.Join(dir, "cache.db"))
	})
	if quickErr != nil {
		t.Fatal(quickErr)
	}
	return quick
}

func runSweep(file, cachePath string) (*sweep, error) {
	sw, samples, err := sweeps.Run(file, cachePath)
	if err != nil {
		return nil, err
	}
	return &sweep{exp: sw.Exp, plan: sw.Plan, cat: sw.Catalog, samples: samples}, nil
}

func (s *sweep) evaluate(t *testing.T) *Results {
	t.Helper()
	r, err := Evaluate(s.exp, s.plan, s.cat, s.samples)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
