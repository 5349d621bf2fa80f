package dataset

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/lang"
)

// BenchmarkLoadMATHTrain loads and filters the 7,500-problem MATH train file
// (AIMO2 recipe: integer answers, levels 2-5, mod 1000).
func BenchmarkLoadMATHTrain(b *testing.B) {
	dir := testkit.SharedData(b, "math_hendrycks")
	d := recipe(b, "aimo2", "train.jsonl")
	b.ReportAllocs()
	rows := 0
	cpu := cpuSeconds()
	for b.Loop() {
		set, err := Load("math", d, dir)
		if err != nil {
			b.Fatal(err)
		}
		rows += set.Report.Read
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(rows)*1e6, "cpu-µs/row")
}

// BenchmarkSplitMATHTrain splits MATH train 80/10/10 by subject and level.
func BenchmarkSplitMATHTrain(b *testing.B) {
	set, err := Load("math", &lang.Dataset{Format: "math", Path: "train.jsonl", Answers: "any"}, testkit.SharedData(b, "math_hendrycks"))
	if err != nil {
		b.Fatal(err)
	}
	spec := &lang.Split{Fractions: fractions, Seed: 42}
	for b.Loop() {
		if _, _, err := Split(set, spec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExamples draws 4 same-category examples for one problem from a
// 7,500-problem pool (the pool index is built once, outside the loop).
func BenchmarkExamples(b *testing.B) {
	set, err := Load("train", &lang.Dataset{Format: "math", Path: "train.jsonl", Answers: "any"}, testkit.SharedData(b, "math_hendrycks"))
	if err != nil {
		b.Fatal(err)
	}
	c := NewCatalog(set)
	p := Problem{ID: "test/1", Text: "a new problem", Subject: "Geometry"}
	if _, err := c.Examples("train", "same_category", nil, 4, p, 0); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := c.Examples("train", "same_category", nil, 4, p, 0); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReadJSONL reads 2,000 rows like those of cmd/aimo's
// BenchmarkRunVsBareLoop, with a worked solution each, as MATH has.
func BenchmarkReadJSONL(b *testing.B) {
	var data strings.Builder
	for i := range 2000 {
		fmt.Fprintf(&data, `{"id": "p%05d", "problem": "What is %d + %d?", "answer": "%d", "level": 3, "solution": "Add them: $%d + %d = %d$, so the answer is $\\boxed{%d}$."}`+"\n",
			i, i, i+1, 2*i+1, i, i+1, 2*i+1, 2*i+1)
	}
	d := &lang.Dataset{Format: "jsonl", Path: "problems.jsonl", Answers: "any", Fields: map[string]string{"id": "id", "problem": "problem", "answer": "answer"}}
	b.ReportAllocs()
	cpu := cpuSeconds()
	for b.Loop() {
		if _, err := Read("sums", d, strings.NewReader(data.String()), "problems.jsonl"); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N*2000)*1e6, "cpu-µs/row")
}

// benchRows is the dataset of cmd/aimo's BenchmarkRunVsBareLoop: n short
// problems with an id and an answer.
func benchRows(n int) string {
	var data strings.Builder
	for i := range n {
		fmt.Fprintf(&data, `{"id": "p%05d", "problem": "What is %d + %d?", "answer": "%d"}`+"\n", i, i, i+1, 2*i+1)
	}
	return data.String()
}

// BenchmarkLoadAll2000 loads the experiment's one dataset as
// BenchmarkRunVsBareLoop's `aimo run` does before it plans: 2,000 rows of a
// JSONL file, read, checked, given IDs and filtered. cpu-µs/row is the
// process's CPU time per row, steadier than wall time on a shared machine.
func BenchmarkLoadAll2000(b *testing.B) {
	const rows = 2000
	dir := b.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "problems.jsonl"), []byte(benchRows(rows)), 0o644); err != nil {
		b.Fatal(err)
	}
	exp := filepath.Join(dir, "exp.jsonnet")
	const src = `local aimo = import 'aimo.libsonnet';
aimo.experiment {
  name: 'bench-run',
  datasets: { sums: aimo.dataset.jsonl('problems.jsonl', fields={ id: 'id', problem: 'problem', answer: 'answer' }) },
  models: { fake: aimo.model.openai('fake-model', base_url='http://127.0.0.1:1/v1') },
  matrix: { template: ['basic'] },
  samples: 1,
}
`
	if err := os.WriteFile(exp, []byte(src), 0o644); err != nil {
		b.Fatal(err)
	}
	e, err := lang.Load(exp, lang.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	cpu := cpuSeconds()
	for b.Loop() {
		c, err := LoadAll(e)
		if err != nil {
			b.Fatal(err)
		}
		if s, _ := c.Set("sums"); len(s.Problems) != rows {
			b.Fatalf("loaded %d problems, want %d", len(s.Problems), rows)
		}
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N*rows)*1e6, "cpu-µs/row")
}

// cpuSeconds is the CPU time, user and system, the process has used: on a
// shared machine wall time also counts other tenants' work.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}
