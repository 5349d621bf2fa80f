package stats

// Tally is one problem's right/wrong samples: Right of N were graded right.
type Tally struct{ Right, N int }

// TwoLevelBootstrapBinary is TwoLevelBootstrap for right/wrong samples, the
// common case, at a cost that does not grow with the samples per problem:
// resampling a problem's N samples with replacement yields Binomial(N, Right/N)
// right ones, so the inner level is drawn from that distribution directly
// (by inverse CDF over a table per distinct tally). Problems with N = 0 are
// left out. The same seed gives byte-identical results.
func TwoLevelBootstrapBinary(tallies []Tally, iters int, seed uint64, confidence float64) Interval {
	var probs []Tally
	est := 0.0
	for _, t := range tallies {
		if t.N > 0 {
			probs = append(probs, t)
			est += float64(t.Right) / float64(t.N)
		}
	}
	n := len(probs)
	if n == 0 {
		return Interval{Confidence: confidence}
	}
	est /= float64(n)
	if iters <= 0 {
		return Interval{Estimate: est, Lo: est, Hi: est, Confidence: confidence}
	}
	// Each problem points at its tally's CDF table, built once per distinct
	// tally; the inner loop then does no map lookups.
	tables := make(map[Tally][]float64)
	cdfs := make([][]float64, n)
	for i, t := range probs {
		if _, ok := tables[t]; !ok {
			tables[t] = binomialCDF(t.N, float64(t.Right)/float64(t.N))
		}
		cdfs[i] = tables[t]
	}
	r := newRand(seed)
	out := make([]float64, iters)
	for it := range out {
		sum := 0.0
		for range n {
			// One 64-bit draw serves both levels: the high half picks the
			// problem (multiply-shift), the low half is the uniform.
			x := r.Uint64()
			i := int((x >> 32) * uint64(n) >> 32)
			cdf, u := cdfs[i], float64(uint32(x))/(1<<32)
			right := 0
			for right < len(cdf)-1 && cdf[right] < u {
				right++
			}
			sum += float64(right) / float64(probs[i].N)
		}
		out[it] = sum / float64(n)
	}
	return percentileInterval(est, out, confidence)
}

// binomialCDF returns P(X <= k) for k = 0..n, X ~ Binomial(n, p), with the
// last entry pinned to 1 so a uniform draw always lands.
func binomialCDF(n int, p float64) []float64 {
	cdf := make([]float64, n+1)
	pmf := 1.0
	for range n {
		pmf *= 1 - p
	}
	acc := 0.0
	for k := 0; k <= n; k++ {
		if k > 0 {
			if p == 1 {
				pmf = 0
				if k == n {
					pmf = 1
				}
			} else {
				pmf *= float64(n-k+1) / float64(k) * p / (1 - p)
			}
		}
		acc += pmf
		cdf[k] = acc
	}
	cdf[n] = 1
	return cdf
}
