package vote

import "github.com/aimo-dev/aimo/reports/stats"

// PassAtKCurve returns the unbiased pass@k (stats.PassAtK) for every k from 1
// to len(correct); element k−1 is pass@k.
func PassAtKCurve(correct []bool) []float64 {
	c := 0
	for _, ok := range correct {
		if ok {
			c++
		}
	}
	curve := make([]float64, len(correct))
	for k := range curve {
		curve[k] = stats.PassAtK(len(correct), c, k+1)
	}
	return curve
}

// AvgAtK is lighteval's avg@k: the fraction correct among the first k samples.
func AvgAtK(correct []bool, k int) float64 {
	k = min(k, len(correct))
	if k <= 0 {
		return 0
	}
	c := 0
	for _, ok := range correct[:k] {
		if ok {
			c++
		}
	}
	return float64(c) / float64(k)
}
