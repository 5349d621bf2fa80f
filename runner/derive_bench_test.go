package runner_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// deriveBenchExperiment is the sweep of cmd/aimo's BenchmarkRunVsBareLoop:
// one cell, one sample per problem.
const deriveBenchExperiment = `local aimo = import 'aimo.libsonnet';
aimo.experiment {
  name: 'bench-run',
  datasets: { sums: aimo.dataset.jsonl('problems.jsonl', fields={ id: 'id', problem: 'problem', answer: 'answer' }) },
  models: { fake: aimo.model.openai('fake-model', base_url='http://127.0.0.1:1/v1', concurrency=64) },
  matrix: { template: ['basic'] },
  samples: 1,
  sampling: { temperature: 0.7, top_p: 0.8, max_tokens: 1024 },
}
`

// BenchmarkDerive2000 times the work `aimo run` does on
// BenchmarkRunVsBareLoop's sweep (one cell, 2,000 problems) between loading
// the experiment and generating: LoadAll reads the dataset, Items renders
// the prompts and keys, Derive does both and plans. cpu-µs/item is the
// process's CPU time per item, steadier than wall time on a shared machine;
// ns/op is wall time, which rendering on several CPUs shortens.
func BenchmarkDerive2000(b *testing.B) {
	const problems = 2000
	dir := b.TempDir()
	var data strings.Builder
	for i := range problems {
		fmt.Fprintf(&data, `{"id": "p%05d", "problem": "What is %d + %d?", "answer": "%d"}`+"\n", i, i, i+1, 2*i+1)
	}
	benchMust(b, os.WriteFile(filepath.Join(dir, "problems.jsonl"), []byte(data.String()), 0o644))
	path := filepath.Join(dir, "exp.jsonnet")
	benchMust(b, os.WriteFile(path, []byte(deriveBenchExperiment), 0o644))
	e, err := lang.Load(path, lang.Options{})
	benchMust(b, err)
	perItem := func(b *testing.B, run func()) {
		b.ReportAllocs()
		cpu := cpuSeconds()
		for b.Loop() {
			run()
		}
		b.ReportMetric((cpuSeconds()-cpu)/float64(b.N*problems)*1e6, "cpu-µs/item")
	}
	b.Run("LoadAll", func(b *testing.B) {
		perItem(b, func() {
			_, err := dataset.LoadAll(e)
			benchMust(b, err)
		})
	})
	b.Run("Items", func(b *testing.B) {
		cat, err := dataset.LoadAll(e)
		benchMust(b, err)
		p, err := runner.Build(e, runner.CountIn(cat))
		benchMust(b, err)
		perItem(b, func() {
			items, err := runner.Items(e, p, cat)
			benchMust(b, err)
			if len(items) != problems {
				b.Fatalf("%d items, want %d", len(items), problems)
			}
		})
	})
	b.Run("Derive", func(b *testing.B) {
		perItem(b, func() {
			sw, err := runner.DeriveWith(e, runner.DeriveOptions{})
			benchMust(b, err)
			if len(sw.Items) != problems {
				b.Fatalf("%d items, want %d", len(sw.Items), problems)
			}
		})
	})
}
