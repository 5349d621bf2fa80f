package runner_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
)

// bigSweep varies all ten matrix axes — 8 models × 8 templates × 4 few-shot
// counts × 2 strategies × 3 temperatures × 3 top_p × 2 top_k × 2 min_p × 2
// max_tokens × 3 seeds = 110,592 combinations — with two excludes that remove
// about a tenth of them, like runner/matrix's bigMatrix: the size of a very
// large real sweep.
const bigSweep = `local aimo = import 'aimo.libsonnet';
local n(k) = std.range(0, k - 1);
aimo.experiment {
  name: 'big',
  datasets: { toy: aimo.dataset.jsonl('toy.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }) },
  fewshot: aimo.fewshot.random(pool='toy', seed=1),
  models: { ['m%d' % i]: aimo.model.openai('model-%d' % i, base_url='http://127.0.0.1:1/v1') for i in n(8) },
  templates+: { ['t%d' % i]: aimo.template('Variant %d: {problem}' % i, example='{solution}') for i in n(8) },
  matrix: {
    model: ['m%d' % i for i in n(8)],
    template: ['t%d' % i for i in n(8)],
    fewshot: n(4),
    fewshot_strategy: ['random', 'same_category'],
    temperature: [0.2, 0.6, 1.0],
    top_p: [0.8, 0.9, 1.0],
    top_k: [0, 20],
    min_p: [0, 0.05],
    max_tokens: [1024, 2048],
    seed: n(3),
    exclude: [{ model: 'm0', template: 't0' }, { fewshot: 3, temperature: 1.0 }],
  },
}
`

// BenchmarkPlan100k plans a ~100,000-cell sweep: matrix expansion, cell
// names, sampling settings and every cell's content identity. It reports the
// bytes allocated per plan, the heap the finished plan keeps, and the memory
// the process obtained from the OS (its peak, as the OS sees it).
func BenchmarkPlan100k(b *testing.B) {
	dir := b.TempDir()
	path := filepath.Join(dir, "big.jsonnet")
	benchMust(b, os.WriteFile(path, []byte(bigSweep), 0o644))
	benchMust(b, os.WriteFile(filepath.Join(dir, "toy.jsonl"), []byte(`{"id": "p0", "q": "1+1?", "a": "2"}`+"\n"), 0o644))
	e, err := lang.Load(path, lang.Options{})
	benchMust(b, err)
	count := func(string) (int, error) { return 100, nil }
	const want = 110592 - 110592/64 - 110592/12 + 110592/768
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var p *runner.Plan
	b.ReportAllocs()
	for b.Loop() {
		p, err = runner.Build(e, count)
		benchMust(b, err)
	}
	if len(p.Cells) != want {
		b.Fatalf("plan has %d cells, want %d", len(p.Cells), want)
	}
	var after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(len(p.Cells)), "cells")
	b.ReportMetric(float64(after.HeapAlloc-min(before.HeapAlloc, after.HeapAlloc))/(1<<20), "MiB-kept")
	b.ReportMetric(float64(after.Sys)/(1<<20), "MiB-sys")
	runtime.KeepAlive(p)
}
