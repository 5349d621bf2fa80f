package stats

import (
	"fmt"
	"math"
)

// McNemarExact returns the two-sided exact McNemar p-value for paired binary
// outcomes, where b and c count the discordant pairs (problems only system A
// solved, and only system B solved). Under the null each discordant pair is a
// fair coin, so p = min(1, 2·P(X ≤ min(b, c))) with X ~ Binomial(b+c, 1/2); this
// is the conditional exact test, as in R's exact2x2 and statsmodels' mcnemar(exact=True).
// Concordant pairs carry no information and are not arguments.
func McNemarExact(b, c int) float64 {
	n := b + c
	if n == 0 {
		return 1
	}
	return math.Min(1, 2*BinomialHalfCDF(min(b, c), n))
}

// BinomialHalfCDF is P(X ≤ x) for X ~ Binomial(n, 1/2). For x ≤ n/2 it starts
// from the largest term, P(X = x), computed in log space so that large n does
// not overflow, and walks down with the ratio of consecutive terms until they
// no longer change the sum: O(√n) terms rather than x log-gammas. Larger x go
// through the symmetric upper tail.
func BinomialHalfCDF(x, n int) float64 {
	switch {
	case x < 0:
		return 0
	case x >= n:
		return 1
	case 2*x > n:
		return 1 - BinomialHalfCDF(n-x-1, n)
	}
	term := math.Exp(logChoose(n, x) - float64(n)*math.Ln2)
	sum := term
	for i := x; i > 0 && term > sum*1e-17; i-- {
		term *= float64(i) / float64(n-i+1)
		sum += term
	}
	return sum
}

// logChoose is log C(n, k).
func logChoose(n, k int) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(k + 1))
	c, _ := math.Lgamma(float64(n - k + 1))
	return a - b - c
}

// MinDiscordant returns the smallest number of discordant pairs with which an
// exact two-sided McNemar test can reach p < alpha at all: the most extreme
// outcome (all pairs one way) has p = 2^(1-n). At alpha 0.05 this is 6.
func MinDiscordant(alpha float64) int {
	n := 1
	for math.Pow(2, float64(1-n)) >= alpha {
		n++
	}
	return n
}

// McNemarWarnings returns the caveats for a McNemar comparison with b and c
// discordant pairs at significance level alpha.
func McNemarWarnings(b, c int, alpha float64) []Warning {
	need := MinDiscordant(alpha)
	switch {
	case b+c == 0:
		return []Warning{{CodeAllTied, "both configurations solved exactly the same problems; no difference can be detected"}}
	case b+c < need:
		return []Warning{{CodeFewDiscordant, fmt.Sprintf("need >= %d discordant problems to detect a difference at alpha level %g (have %d)", need, alpha, b+c)}}
	}
	return nil
}
