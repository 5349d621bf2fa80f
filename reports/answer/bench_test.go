package answer

import (
	"testing"
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

func FuzzExtract(f *testing.F) {
	for _, s := range []string{`\boxed{\frac{1}{2}}`, `#### 12`, `A: 5`, `\boxed{`, `$x$ and $\{1,2\}$`, "the answer is 3."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, ok := Extract(s, Options{})
		if ok && a == "" {
			t.Errorf("Extract(%q) reported an empty answer", s)
		}
		if ok && !Equal(a, a) {
			t.Errorf("extracted %q is not equal to itself", a)
		}
	})
}

func FuzzEqual(f *testing.F) {
	for _, p := range [][2]string{{"1/2", "0.5"}, {`(1,\infty)`, "[1,2)"}, {"x^2", "x*x"}, {`\{1,2\}`, "2,1"}, {"a=b=c", "x<y<z"}} {
		f.Add(p[0], p[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		Equal(a, b)
		Canonical(a)
		Integer(a)
		if c := Clean(a); c != "" && !Equal(a, a) {
			t.Errorf("Equal(%q, %q) is false", a, a)
		}
	})
}
