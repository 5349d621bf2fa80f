package stats

import (
	"math"
	"math/big"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol }

// Reference values are R's prop.test(x, n, correct = FALSE)$conf.int, which is
// the Wilson score interval (Newcombe 1998, method 3; 8/10 is also the worked
// example in Agresti & Coull 1998).
func TestWilsonMatchesR(t *testing.T) {
	tests := []struct {
		name   string
		x, n   int
		conf   float64
		wantLo float64
		wantHi float64
	}{
		{"8 of 10 at 95%", 8, 10, 0.95, 0.4901625, 0.9433178},
		{"0 of 10 does not collapse to a point", 0, 10, 0.95, 0, 0.2775328},
		{"10 of 10 does not collapse to a point", 10, 10, 0.95, 0.7224672, 1},
		{"50 of 100 is symmetric", 50, 100, 0.95, 0.4038315, 0.5961685},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := Wilson(tt.x, tt.n, tt.conf)
			if !near(lo, tt.wantLo, 5e-7) || !near(hi, tt.wantHi, 5e-7) {
				t.Errorf("Wilson(%d, %d, %g) = [%.7f, %.7f], want [%.7f, %.7f]", tt.x, tt.n, tt.conf, lo, hi, tt.wantLo, tt.wantHi)
			}
		})
	}
}

func TestWilsonEmptyIsUninformative(t *testing.T) {
	if lo, hi := Wilson(0, 0, 0.95); lo != 0 || hi != 1 {
		t.Errorf("Wilson(0, 0) = [%g, %g], want [0, 1]", lo, hi)
	}
}

// Reference values are R's binom.test(min(b, c), b + c)$p.value, the exact
// conditional McNemar test.
func TestMcNemarExactMatchesBinomTest(t *testing.T) {
	tests := []struct {
		name string
		b, c int
		want float64
	}{
		{"2 vs 8", 2, 8, 0.109375},
		{"8 vs 2 is symmetric", 8, 2, 0.109375},
		{"1 vs 9", 1, 9, 0.021484375},
		{"0 vs 5 cannot reach 0.05", 0, 5, 0.0625},
		{"0 vs 6 is the smallest significant table", 0, 6, 0.03125},
		{"equal counts give 1", 5, 5, 1},
		{"no discordant pairs give 1", 0, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := McNemarExact(tt.b, tt.c); !near(got, tt.want, 1e-12) {
				t.Errorf("McNemarExact(%d, %d) = %.12g, want %.12g", tt.b, tt.c, got, tt.want)
			}
		})
	}
}

func TestMcNemarExactLargeCountsMatchGonumBinomial(t *testing.T) {
	b, c := 140, 180
	want := 2 * distuv.Binomial{N: float64(b + c), P: 0.5}.CDF(float64(b))
	if got := McNemarExact(b, c); !near(got, want, 1e-9) {
		t.Errorf("McNemarExact(%d, %d) = %g, want %g", b, c, got, want)
	}
}

func TestMcNemarWarnings(t *testing.T) {
	tests := []struct {
		name string
		b, c int
		want string
	}{
		{"five discordant pairs can never be significant", 0, 5, CodeFewDiscordant},
		{"no discordant pairs", 0, 0, CodeAllTied},
		{"six discordant pairs can be", 1, 5, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := McNemarWarnings(tt.b, tt.c, 0.05)
			got := ""
			if len(w) > 0 {
				got = w[0].Code
			}
			if got != tt.want {
				t.Errorf("McNemarWarnings(%d, %d) = %v, want code %q", tt.b, tt.c, w, tt.want)
			}
		})
	}
	if got := MinDiscordant(0.05); got != 6 {
		t.Errorf("MinDiscordant(0.05) = %d, want 6", got)
	}
	if got := MinDiscordant(0.01); got != 8 {
		t.Errorf("MinDiscordant(0.01) = %d, want 8 (2^-7 < 0.01 <= 2^-6)", got)
	}
}

func TestWilsonWarningsSmallN(t *testing.T) {
	if w := WilsonWarnings(20, 29); len(w) != 1 || w[0].Code != CodeSmallN {
		t.Errorf("WilsonWarnings(20, 29) = %v, want %s", w, CodeSmallN)
	}
	if w := WilsonWarnings(20, 30); len(w) != 0 {
		t.Errorf("WilsonWarnings(20, 30) = %v, want none", w)
	}
}

// The reference is the worked example of the Wikipedia article
// "Holm–Bonferroni method" (p = 0.01, 0.04, 0.03, 0.005; only H1 and H4 are
// rejected at 0.05); adjusted values as printed by R's
// p.adjust(c(0.01, 0.04, 0.03, 0.005), "holm").
func TestHolmMatchesPAdjust(t *testing.T) {
	tests := []struct {
		name string
		p    []float64
		want []float64
	}{
		{"wikipedia example keeps input order", []float64{0.01, 0.04, 0.03, 0.005}, []float64{0.03, 0.06, 0.06, 0.02}},
		{"caps at one", []float64{0.5, 0.6}, []float64{1, 1}},
		{"single test is unchanged", []float64{0.2}, []float64{0.2}},
		{"ties are deterministic", []float64{0.01, 0.01, 0.2}, []float64{0.03, 0.03, 0.2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Holm(tt.p)
			for i := range got {
				if !near(got[i], tt.want[i], 1e-12) {
					t.Fatalf("Holm(%v) = %v, want %v", tt.p, got, tt.want)
				}
			}
		})
	}
}

// exactPassAtK computes 1 − C(n−c, k)/C(n, k) with exact integers.
func exactPassAtK(n, c, k int) float64 {
	num := new(big.Int).Binomial(int64(n-c), int64(k))
	if n-c < k {
		num.SetInt64(0)
	}
	den := new(big.Int).Binomial(int64(n), int64(k))
	r := new(big.Rat).SetFrac(num, den)
	f, _ := new(big.Rat).Sub(big.NewRat(1, 1), r).Float64()
	return f
}

func TestPassAtKMatchesExactCombinatorics(t *testing.T) {
	for _, n := range []int{1, 2, 5, 16, 64, 200} {
		for c := 0; c <= n; c += max(1, n/7) {
			for k := 1; k <= n; k += max(1, n/5) {
				if got, want := PassAtK(n, c, k), exactPassAtK(n, c, k); !near(got, want, 1e-12) {
					t.Errorf("PassAtK(%d, %d, %d) = %.15g, want %.15g", n, c, k, got, want)
				}
			}
		}
	}
}

func TestPassAtKSmallCases(t *testing.T) {
	tests := []struct {
		name    string
		n, c, k int
		want    float64
	}{
		{"pass@1 is the fraction correct", 10, 3, 1, 0.3},
		{"one of three correct, two tries", 3, 1, 2, 2.0 / 3},
		{"too few wrong samples to fill k", 4, 2, 3, 1},
		{"none correct", 8, 0, 4, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := PassAtK(tt.n, tt.c, tt.k); !near(got, tt.want, 1e-12) {
				t.Errorf("PassAtK(%d, %d, %d) = %g, want %g", tt.n, tt.c, tt.k, got, tt.want)
			}
		})
	}
	if !math.IsNaN(PassAtK(4, 1, 5)) {
		t.Error("PassAtK with k > n should be NaN")
	}
}

// exactTail is P(X ≥ m), X ~ Hypergeometric(n, c, k), with exact integers.
func exactTail(n, c, k, m int) float64 {
	sum := new(big.Rat)
	den := new(big.Int).Binomial(int64(n), int64(k))
	for j := m; j <= min(c, k); j++ {
		if k-j > n-c {
			continue
		}
		num := new(big.Int).Mul(new(big.Int).Binomial(int64(c), int64(j)), new(big.Int).Binomial(int64(n-c), int64(k-j)))
		sum.Add(sum, new(big.Rat).SetFrac(num, den))
	}
	f, _ := sum.Float64()
	return f
}

func TestGPassAtKIsTheHypergeometricTail(t *testing.T) {
	for _, n := range []int{4, 8, 16, 32} {
		for c := 0; c <= n; c++ {
			for k := 1; k <= n; k++ {
				for _, tau := range []float64{0, 0.25, 0.5, 0.75, 1} {
					m := max(int(math.Ceil(float64(k)*tau)), 1)
					want := 0.0
					if m <= min(c, k) {
						want = exactTail(n, c, k, m)
					}
					if got := GPassAtK(n, c, k, tau); !near(got, want, 1e-10) {
						t.Fatalf("GPassAtK(%d, %d, %d, %g) = %g, want %g", n, c, k, tau, got, want)
					}
				}
			}
		}
	}
	if got, want := GPassAtK(16, 5, 4, 0), PassAtK(16, 5, 4); !near(got, want, 1e-12) {
		t.Errorf("G-Pass@k at tau 0 = %g, want pass@k %g", got, want)
	}
}
