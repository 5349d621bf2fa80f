package answer

import (
	"strings"
	"testing"
	"time"
)

// quick runs f and fails t when it has not returned within limit. A runaway f is
// left running: the test reports it instead of hanging.
func quick(t *testing.T, limit time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		f()
	}()
	select {
	case <-done:
	case <-time.After(limit):
		t.Fatalf("still running after %v", limit)
	}
}

// TestExactArithmeticIsBounded: every number the exact evaluator builds fits in
// MaxBits; past that, and past the work budget, an answer is not an integer
// ("cannot decide") rather than a stall, an allocation of gigabytes, or a
// floating-point value passed off as exact.
func TestExactArithmeticIsBounded(t *testing.T) {
	aimo2 := Range{Lo: 0, Hi: 999, Modulus: 1000}
	cases := []struct {
		name, in string
		want     int64
		ok       bool
	}{
		{"binomial with k = 10^10 cannot be decided", `\binom{10^{18}}{10^{10}}`, 0, false},
		{"binomial with k = 10^6 cannot be decided", `\binom{10^{18}}{10^{6}}`, 0, false},
		{"binomial is exact, not rounded", `\binom{100}{50}`, 256, true},
		{"binomial of a huge n", `\binom{10^{18}}{2}`, 0, true},
		{"largest binomial k", `\binom{4000}{1000}`, 800, true},
		{"power tower cannot be decided", `(10^{4096})^{4096}`, 0, false},
		{"huge exponent cannot be decided", `2^{10^{18}}`, 0, false},
		{"exponent past 4096 is exact", `2^{5000}`, 376, true},
		{"one to a huge power", `1^{10^{18}}`, 1, true},
		{"factorial past MaxBits cannot be decided", `20000!`, 0, false},
		{"largest factorial", `3210!`, 0, true},
		{"largest double factorial", `5910!!`, 0, true},
		{"double factorial times a number", `4046 \cdot 4045!!`, 250, true},
		{"exact root of a big square", `\sqrt{(10^{20}+1)^2}`, 1, true},
		{"root that is not exact", `\sqrt{10^{30}+1}`, 0, false},
		{"floor of a large fraction is exact", `\lfloor \frac{10^{30}}{7} \rfloor`, 857, true},
		{"floor of an irrational past float precision", `\lfloor 10^{20}\sqrt{2} \rfloor`, 0, false},
		{"floor of an irrational within float precision", `\lfloor 100\sqrt{2} \rfloor`, 141, true},
		{"deep nesting cannot be decided", strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200), 0, false},
		{"long chain cannot be decided", strings.Repeat("1+", 300) + "1", 0, false},
		{"longer than MaxInputBytes", "1" + strings.Repeat("0", MaxInputBytes), 0, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got int64
			var ok bool
			quick(t, time.Second, func() { got, ok = aimo2.Parse(c.in) })
			if got != c.want || ok != c.ok {
				t.Errorf("Parse(%q) = %d, %v; want %d, %v", c.in, got, ok, c.want, c.ok)
			}
		})
	}
}

// TestEqualNeverOverflowEqual: large numbers are equal only when they are, and a
// comparison that cannot be decided is "not equal", never a floating-point
// infinity equal to another.
func TestEqualNeverOverflowEqual(t *testing.T) {
	cases := []struct {
		name, gold, pred string
		want             bool
	}{
		{"powers overflowing floats", `2^{5000}`, `3^{5000}`, false},
		{"powers of ten", `10^{400}`, `10^{500}`, false},
		{"one power written two ways", `10^{400}`, `100^{200}`, true},
		{"plain integers past floats", "1" + strings.Repeat("0", 400), "1" + strings.Repeat("0", 500), false},
		{"plain integer against its power", "1" + strings.Repeat("0", 400), `10^{400}`, true},
		{"integers one apart", "1000000", "1000001", false},
		{"signs and zeros", "-0", "+0", true},
		{"binomial exactly", `\binom{100}{50}`, "100891344545564193334812497256", true},
		{"binomial off by one", `\binom{100}{50}`, "100891344545564193334812497257", false},
		{"beyond MaxBits cannot be decided", `2^{40000}`, `4^{20000}`, false},
		{"irrational values overflowing", `2^{5000}\pi`, `3^{5000}\pi`, false},
		{"infinity against an overflow", `\infty`, `2^{5000}`, false},
		{"infinity still equals infinity", `(1, \infty)`, `(1,+\infty)`, true},
		{"equations overflowing", `2x + 2^{5000} = 0`, `2x + 3^{5000} = 0`, false},
		{"decimals keep their tolerance", `\frac{1}{3}`, "0.333333333", true},
		{"nested sets past the work budget", nestedSets(10, "1"), strings.ReplaceAll(nestedSets(10, "1"), ", ", ","), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got bool
			quick(t, time.Second, func() { got = Equal(c.gold, c.pred) })
			if got != c.want {
				t.Errorf("Equal(%q, %q) = %v, want %v", short(c.gold, 60), short(c.pred, 60), got, c.want)
			}
		})
	}
}

// TestCanonicalNeverOverflowKey: values that cannot be decided do not share a
// voting key.
func TestCanonicalNeverOverflowKey(t *testing.T) {
	for _, p := range [][2]string{{`2^{5000}\pi`, `3^{5000}\pi`}, {`10^{400}`, `10^{500}`}, {`\infty`, `2^{5000}\sqrt{2}`}} {
		if a, b := Canonical(p[0]), Canonical(p[1]); a == b {
			t.Errorf("Canonical(%q) = Canonical(%q) = %q", p[0], p[1], short(a, 60))
		}
	}
}

// TestExtractionIsLinear: hostile texts cost what ordinary ones do, and the
// limits decide what is read (see limits.go).
func TestExtractionIsLinear(t *testing.T) {
	cases := []struct {
		name, text string
		opts       Options
		want       string
		ok         bool
	}{
		{"100k unclosed boxes", strings.Repeat(`\boxed{`, 100_000), Options{}, "", false},
		{"unclosed boxes after the answer", `\boxed{7}` + strings.Repeat(` \boxed{`, MaxBoxes-1), Options{}, "7", true},
		{"more unclosed boxes than examined", `\boxed{x}` + strings.Repeat(` \boxed{`, MaxBoxes), Options{}, "", false},
		{"deep nesting in a box", `\boxed{` + strings.Repeat("{", 100_000) + strings.Repeat("}", 100_000) + "}", Options{}, "", false},
		{"box at the limit", `\boxed{` + strings.Repeat("7", MaxAnswerBytes) + "}", Options{}, strings.Repeat("7", MaxAnswerBytes), true},
		{"box past the limit", `\boxed{` + strings.Repeat("7", MaxAnswerBytes+1) + "}", Options{}, "", false},
		{"set stops before the limit", `\boxed{` + strings.Repeat("1", 400) + `} and \boxed{` + strings.Repeat("3", 400) +
			`} and \boxed{` + strings.Repeat("5", 400) + `} and \boxed{2}`, Options{},
			`\{` + strings.Repeat("3", 400) + ", " + strings.Repeat("5", 400) + `, 2\}`, true},
		{"unclosed display math", strings.Repeat(`\[ $x$ `, 50_000), allFallbacks, "x", true},
		{"escaped dollars", "$" + strings.Repeat(`\$`, 300_000) + " 5", allFallbacks, "5", true},
		{"fallbacks read the end", "the answer is 5. " + strings.Repeat("so ", FallbackWindow/3+1), Options{}, "", false},
		{"answer is, in capitals", "THE ANSWER IS 12", Options{}, "12", true},
		{"last number after a long text", strings.Repeat("1 ", 100_000) + "2/3", Options{}, "2/3", true},
		{"a last number past the limit is none", strings.Repeat("1,", 100_000) + "2", Options{}, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got string
			var ok bool
			quick(t, time.Second, func() { got, ok = Extract(c.text, c.opts) })
			if got != c.want || ok != c.ok {
				t.Errorf("Extract = %q, %v; want %q, %v", short(got, 60), ok, short(c.want, 60), c.ok)
			}
		})
	}
}
