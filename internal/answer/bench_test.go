package answer

import (
	"runtime/metrics"
	"strings"
	"testing"
	"time"
)

// BenchmarkGrade grades (gold, full model output) pairs drawn from real MATH and
// GSM8K generations; one op is one pair.
func BenchmarkGrade(b *testing.B) {
	var pairs []sample
	for _, s := range qwenSamples(b) {
		pairs = append(pairs, s)
	}
	pairs = append(pairs, toraSamples(b)...)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		p := pairs[i%len(pairs)]
		Grade(p.gold, p.text, Options{})
	}
}

// Fuzzing bounds, per input. The time is processor time, looser than
// worstCaseLimit because fuzzing instruments the code.
const (
	fuzzTimeLimit = 250 * time.Millisecond
	// fuzzAllocLimit bounds the bytes one input may allocate: the grader reads at
	// most a few windows of the text and builds numbers of at most MaxBits.
	fuzzAllocLimit = 8 << 20
	// maxKeyBytes is the longest voting key: a fraction of two MaxBits numbers.
	maxKeyBytes = 2*(MaxBits*30103/100000+2) + 1
)

// bounded runs f and fails t when it takes longer than fuzzTimeLimit or
// allocates more than fuzzAllocLimit bytes.
func bounded(t *testing.T, what string, f func()) {
	sample := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}}
	metrics.Read(sample)
	before := sample[0].Value.Uint64()
	start := cpuTime()
	f()
	elapsed := cpuTime() - start
	metrics.Read(sample)
	if alloc := sample[0].Value.Uint64() - before; alloc > fuzzAllocLimit {
		t.Errorf("%s allocated %d bytes, limit %d", what, alloc, fuzzAllocLimit)
	}
	if elapsed > fuzzTimeLimit {
		t.Errorf("%s took %v, limit %v", what, elapsed, fuzzTimeLimit)
	}
}

// FuzzExtract holds extraction to its contract on any text: bounded time and
// memory, an answer no longer than the limits allow, and one equal to itself.
// Its seed corpus (testdata/fuzz/FuzzExtract) holds every hostile text we know.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{`\boxed{\frac{1}{2}}`, `#### 12`, `A: 5`, `\boxed{`, `$x$ and $\{1,2\}$`, "the answer is 3."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var a string
		var ok bool
		bounded(t, "Extract", func() { a, ok = Extract(s, allFallbacks) })
		if ok && a == "" {
			t.Errorf("Extract(%q) reported an empty answer", s)
		}
		if len(a) > 2*MaxAnswerBytes {
			t.Errorf("Extract returned %d bytes, more than twice MaxAnswerBytes", len(a))
		}
		bounded(t, "Grade", func() { Grade(a, s, Options{}) })
		bounded(t, "Range.Parse", func() { Range{Hi: 999, Modulus: 1000}.Parse(a) })
		if ok && !Equal(a, a) {
			t.Errorf("extracted %q is not equal to itself", a)
		}
	})
}

// FuzzEqual holds equivalence to bounded time and memory on any pair, and to
// reflexivity. Its seed corpus holds every pair we know that stalled it or made it
// call different numbers equal.
func FuzzEqual(f *testing.F) {
	for _, p := range [][2]string{{"1/2", "0.5"}, {`(1,\infty)`, "[1,2)"}, {"x^2", "x*x"}, {`\{1,2\}`, "2,1"}, {"a=b=c", "x<y<z"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		bounded(t, "Equal", func() { Equal(a, b) })
		var key string
		bounded(t, "Canonical", func() { key = Canonical(a) })
		if len(key) > max(len(a), maxKeyBytes) {
			t.Errorf("Canonical(%q) is %d bytes long", a, len(key))
		}
		bounded(t, "Integer", func() { Integer(a) })
		if c := Clean(a); c != "" && !Equal(a, a) {
			t.Errorf("Equal(%q, %q) is false", a, a)
		}
	})
}

// BenchmarkFinal finds the final part of a kilobyte of plain text (no
// markers, the common case) and of the same after a <think> block.
func BenchmarkFinal(b *testing.B) {
	plain := strings.Repeat("We add the two numbers and carry the one, so the sum is 127. ", 16) + "The answer is $\\boxed{127}$."
	for name, text := range map[string]string{"plain": plain, "think": "<think>" + plain + "</think>" + plain} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				Final(text, "stop")
			}
		})
	}
}
