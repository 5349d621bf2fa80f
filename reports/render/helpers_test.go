package render

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

var update = flag.Bool("update", false, "rewrite testdata golden files")

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

var (
	sweeps   = map[string]*Input{}
	sweepsMu sync.Mutex
)

// sweep runs an experiment through its replay backend into a temporary
// cache once per test binary, and returns the report input read back.
func sweep(t testing.TB, file string) Input {
	t.Helper()
	sweepsMu.Lock()
	defer sweepsMu.Unlock()
	if in, ok := sweeps[file]; ok {
		return *in
	}
	in, err := runSweep(file, filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	sweeps[file] = in
	return *in
}

func quickstart(t testing.TB) Input {
	return sweep(t, filepath.Join(repoRoot(t), "experiments", "quickstart.jsonnet"))
}

func runSweep(file, cachePath string) (*Input, error) {
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
	res, err := eval.Evaluate(e, p, cat, samples)
	if err != nil {
		return nil, err
	}
	return &Input{Experiment: e, Plan: p, Catalog: cat, Samples: samples, Results: res}, nil
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

// golden compares got with testdata/name, rewriting it under -update; on a
// mismatch it writes name.got beside it for diffing.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", filepath.FromSlash(name))
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		os.WriteFile(path+".got", got, 0o644)
		t.Errorf("%s differs from the golden file; see %s.got (go test -update rewrites it)", name, path)
	}
}
