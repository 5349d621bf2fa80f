package matrix

import (
	"fmt"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/lang"
)

func str(s string) lang.Value                      { return lang.Value{Kind: lang.String, Str: s} }
func num(f float64) lang.Value                     { return lang.Value{Kind: lang.Number, Num: f} }
func axis(name string, vs ...lang.Value) lang.Axis { return lang.Axis{Name: name, Values: vs} }

// render shows combos as "axis=value" lists so failures read like the matrix.
func render(cs []Combo) []string {
	var out []string
	for _, c := range cs {
		var parts []string
		for i, v := range c {
			if v.Kind != lang.Null {
				parts = append(parts, lang.Axes[i].Name+"="+v.String())
			}
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

func TestExpand(t *testing.T) {
	tests := []struct {
		name string
		m    lang.Matrix
		want []string
	}{
		{
			name: "product in axis order, last axis fastest",
			m:    lang.Matrix{Axes: []lang.Axis{axis("model", str("a"), str("b")), axis("fewshot", num(0), num(2))}},
			want: []string{"model=a fewshot=0", "model=a fewshot=2", "model=b fewshot=0", "model=b fewshot=2"},
		},
		{
			name: "exclude drops every combination it matches",
			m: lang.Matrix{
				Axes:    []lang.Axis{axis("model", str("a"), str("b")), axis("fewshot", num(0), num(2))},
				Exclude: []map[string]lang.Value{{"model": str("b"), "fewshot": num(2)}},
			},
			want: []string{"model=a fewshot=0", "model=a fewshot=2", "model=b fewshot=0"},
		},
		{
			name: "include adds a new key to matching combinations",
			m: lang.Matrix{
				Axes:    []lang.Axis{axis("model", str("a"), str("b"))},
				Include: []map[string]lang.Value{{"model": str("b"), "temperature": num(1)}},
			},
			want: []string{"model=a", "model=b temperature=1"},
		},
		{
			name: "include that contradicts an original value becomes its own combination",
			m: lang.Matrix{
				Axes:    []lang.Axis{axis("model", str("a"))},
				Include: []map[string]lang.Value{{"model": str("c"), "fewshot": num(4)}},
			},
			want: []string{"model=a", "model=c fewshot=4"},
		},
		{
			name: "include may overwrite a value an earlier include added",
			m: lang.Matrix{
				Axes: []lang.Axis{axis("model", str("a"))},
				Include: []map[string]lang.Value{
					{"temperature": num(0.5)},
					{"model": str("a"), "temperature": num(0.9)},
				},
			},
			want: []string{"model=a temperature=0.9"},
		},
		{
			name: "zip varies its axes together",
			m: lang.Matrix{
				Axes: []lang.Axis{axis("model", str("a"))},
				Zip:  [][]lang.Axis{{axis("temperature", num(0), num(1)), axis("top_p", num(1), num(0.95))}},
			},
			want: []string{"model=a temperature=0 top_p=1", "model=a temperature=1 top_p=0.95"},
		},
		{
			name: "conditional axes multiply only matching combinations",
			m: lang.Matrix{
				Axes: []lang.Axis{axis("model", str("base"), str("lora"))},
				When: []lang.When{{Match: map[string]lang.Value{"model": str("base")}, Axes: []lang.Axis{axis("fewshot", num(0), num(4))}}},
			},
			want: []string{"model=base fewshot=0", "model=base fewshot=4", "model=lora"},
		},
		{
			name: "duplicates are dropped, first kept",
			m: lang.Matrix{
				Axes:    []lang.Axis{axis("model", str("a"), str("a"))},
				Include: []map[string]lang.Value{{"model": str("a")}},
			},
			want: []string{"model=a"},
		},
		{
			name: "everything excluded gives no combinations",
			m: lang.Matrix{
				Axes:    []lang.Axis{axis("model", str("a"))},
				Exclude: []map[string]lang.Value{{"model": str("a")}},
			},
			want: nil,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := render(Expand(tt.m).Combos)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestExpandCounts(t *testing.T) {
	m := lang.Matrix{
		Axes:    []lang.Axis{axis("model", str("a"), str("b"), str("a"))},
		Exclude: []map[string]lang.Value{{"model": str("b")}},
		Include: []map[string]lang.Value{{"model": str("z")}},
	}
	r := Expand(m)
	if r.Product != 3 || r.Excluded != 1 || r.Included != 1 || r.Duplicates != 1 || len(r.Combos) != 2 {
		t.Errorf("counts = product %d excluded %d included %d duplicates %d cells %d; want 3 1 1 1 2",
			r.Product, r.Excluded, r.Included, r.Duplicates, len(r.Combos))
	}
}

func TestNames(t *testing.T) {
	m := lang.Matrix{Axes: []lang.Axis{
		axis("model", str("qwen")),
		axis("template", str("basic"), str("expert")),
		axis("fewshot", num(0), num(2)),
		axis("temperature", num(0.6)),
	}}
	got := Names(Expand(m).Combos)
	want := []string{"basic/fs0", "basic/fs2", "expert/fs0", "expert/fs2"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("names %q, want %q (only varying axes, numeric ones prefixed)", got, want)
	}
	single := Names(Expand(lang.Matrix{Axes: []lang.Axis{axis("model", str("qwen"))}}).Combos)
	if single[0] != "qwen" {
		t.Errorf("a one-cell matrix is named %q, want the model name", single[0])
	}
}

// bigMatrix is ten axes whose product is 110,592 combinations, with excludes
// that remove a tenth of them: the size of a large real sweep.
func bigMatrix() lang.Matrix {
	vals := func(n int, f func(i int) lang.Value) []lang.Value {
		out := make([]lang.Value, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	s := func(prefix string) func(int) lang.Value {
		return func(i int) lang.Value { return str(fmt.Sprintf("%s%d", prefix, i)) }
	}
	n := func(i int) lang.Value { return num(float64(i)) }
	m := lang.Matrix{Axes: []lang.Axis{
		{Name: "model", Values: vals(8, s("m"))},
		{Name: "template", Values: vals(8, s("t"))},
		{Name: "fewshot", Values: vals(4, n)},
		{Name: "fewshot_strategy", Values: vals(2, s("fs"))},
		{Name: "temperature", Values: vals(3, n)},
		{Name: "top_p", Values: vals(3, func(i int) lang.Value { return num(0.8 + 0.05*float64(i)) })},
		{Name: "top_k", Values: vals(2, n)},
		{Name: "min_p", Values: vals(2, n)},
		{Name: "max_tokens", Values: vals(2, func(i int) lang.Value { return num(float64(1024 * (i + 1))) })},
		{Name: "seed", Values: vals(3, n)},
	}}
	m.Exclude = []map[string]lang.Value{{"model": str("m0"), "template": str("t0")}, {"fewshot": num(3), "temperature": num(2)}}
	return m
}

func TestBigMatrixCount(t *testing.T) {
	r := Expand(bigMatrix())
	if r.Product != 110592 {
		t.Fatalf("product %d, want 110592", r.Product)
	}
	// m0×t0 removes 1/64 of the product, fewshot 3 × temperature 2 removes
	// 1/12; they overlap on 1/768.
	want := 110592 - 110592/64 - 110592/12 + 110592/768
	if len(r.Combos) != want {
		t.Errorf("cells %d, want %d", len(r.Combos), want)
	}
}

// BenchmarkExpand100k expands and names a ~100,000-cell matrix of ten axes.
func BenchmarkExpand100k(b *testing.B) {
	m := bigMatrix()
	var ms runtime.MemStats
	b.ReportAllocs()
	for b.Loop() {
		r := Expand(m)
		Names(r.Combos)
	}
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(len(Expand(m).Combos)), "cells")
	b.ReportMetric(float64(ms.Sys)/(1<<20), "MiB-sys")
}
