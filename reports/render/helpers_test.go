package render

import (
	"flag"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/internal/testkit/sweeps"
	"github.com/aimo-dev/aimo/reports/eval"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

var (
	ran      = map[string]*Input{}
	sweepsMu sync.Mutex
)

// sweep runs an experiment through its replay backend into a temporary
// cache once per test binary, and returns the report input read back.
func sweep(t testing.TB, file string) Input {
	t.Helper()
	sweepsMu.Lock()
	defer sweepsMu.Unlock()
	if in, ok := ran[file]; ok {
		return *in
	}
	in, err := runSweep(file, filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	ran[file] = in
	return *in
}

func quickstart(t testing.TB) Input {
	return sweep(t, filepath.Join(testkit.RepoRoot(t), "experiments", "quickstart.jsonnet"))
}

func runSweep(file, cachePath string) (*Input, error) {
	sw, samples, err := sweeps.Run(file, cachePath)
	if err != nil {
		return nil, err
	}
	res, err := eval.Evaluate(sw.Exp, sw.Plan, sw.Catalog, samples)
	if err != nil {
		return nil, err
	}
	return &Input{Experiment: sw.Exp, Plan: sw.Plan, Catalog: sw.Catalog, Samples: samples, Results: res}, nil
}

// files builds the report of in and renders it.
func files(t testing.TB, in Input) map[string][]byte {
	t.Helper()
	rep, err := Build(in)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := rep.Files()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range fs {
		out[f.Path] = f.Data
	}
	return out
}
