package stats

import "math"

// PassAtK is the unbiased estimator of pass@k from Chen et al. (2021), "Evaluating
// Large Language Models Trained on Code": with n samples of which c are correct,
// 1 − C(n−c, k)/C(n, k). It is computed as the product 1 − Π_{i=n−c+1..n} (1 − k/i),
// the paper's numerically stable form, so no binomial coefficient is ever formed.
// It returns NaN when k is outside [1, n] or c outside [0, n].
func PassAtK(n, c, k int) float64 {
	if k < 1 || k > n || c < 0 || c > n {
		return math.NaN()
	}
	if n-c < k {
		return 1
	}
	if k == 1 {
		// Exact, so pass@1 prints the same digits as the accuracy it equals.
		return float64(c) / float64(n)
	}
	prod := 1.0
	for i := n - c + 1; i <= n; i++ {
		prod *= 1 - float64(k)/float64(i)
	}
	return 1 - prod
}

// GPassAtK is G-Pass@k_τ from Liu et al. (2024), "Are Your LLMs Capable of Stable
// Reasoning?", as lighteval computes it: the probability that a random k-subset
// of the n samples (c correct) holds at least m = max(⌈k·τ⌉, 1) correct ones, a
// hypergeometric tail. τ → 0 is pass@k; τ = 1 asks for all k to be correct.
func GPassAtK(n, c, k int, tau float64) float64 {
	return hyperTail(n, c, k, max(int(math.Ceil(float64(k)*tau)), 1))
}

// MGPassAtK is mG-Pass@k, the mean of G-Pass@k_τ over τ in (0.5, 1], computed
// like lighteval: 2/k · Σ_{m=⌈k/2⌉+1..k} P(X ≥ m). It is 0 for k = 1.
func MGPassAtK(n, c, k int) float64 {
	sum := 0.0
	for m := int(math.Ceil(float64(k)*0.5)) + 1; m <= k; m++ {
		sum += hyperTail(n, c, k, m)
	}
	return 2 * sum / float64(k)
}

// hyperTail is P(X ≥ m) for X ~ Hypergeometric(population n, c successes, k
// draws), with lighteval's convention of 0 for impossible or invalid arguments.
func hyperTail(n, c, k, m int) float64 {
	if m > min(c, k) || k > n || c < 0 || n <= 0 || m < 0 {
		return 0
	}
	total := logChoose(n, k)
	sum := 0.0
	for j := m; j <= min(c, k); j++ {
		if k-j > n-c {
			continue
		}
		sum += math.Exp(logChoose(c, j) + logChoose(n-c, k-j) - total)
	}
	return min(sum, 1)
}
