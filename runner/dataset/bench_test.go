package dataset

import (
	"fmt"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/lang"
)

// BenchmarkLoadMATHTrain loads and filters the 7,500-problem MATH train file
// (AIMO2 recipe: integer answers, levels 2-5, mod 1000).
func BenchmarkLoadMATHTrain(b *testing.B) {
	dir := testkit.SharedData(b, "math_hendrycks")
	d := recipe(b, "aimo2", "train.jsonl")
	for b.Loop() {
		if _, err := Load("math", d, dir); err != nil {
			b.Fatal(err)
		}
	}
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
	for b.Loop() {
		if _, err := Read("sums", d, strings.NewReader(data.String()), "problems.jsonl"); err != nil {
			b.Fatal(err)
		}
	}
}
