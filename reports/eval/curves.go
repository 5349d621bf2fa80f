package eval

import (
	"github.com/aimo-dev/aimo/reports/stats"
	"github.com/aimo-dev/aimo/reports/vote"
)

// GPassTaus are the G-Pass@k thresholds reported: lighteval's, without τ = 0,
// which is pass@k.
var GPassTaus = []float64{0.25, 0.5, 0.75, 1}

// curveSums adds up a pool's per-problem k-curves, k = 1..length.
type curveSums struct {
	pass, maj, avg, mg []float64
	g                  [][]float64
}

func newCurveSums(length int, maj bool) *curveSums {
	c := &curveSums{pass: make([]float64, length), avg: make([]float64, length), mg: make([]float64, length),
		g: make([][]float64, len(GPassTaus))}
	if maj {
		c.maj = make([]float64, length)
	}
	for i := range c.g {
		c.g[i] = make([]float64, length)
	}
	return c
}

// countCurves are the curves that depend only on a problem's sample count
// and right count: pass@k, G-Pass@k and mG-Pass@k, for k = 1..n.
type countCurves struct {
	pass, mg []float64
	g        [][]float64
}

func newCountCurves(n, c int) *countCurves {
	cc := &countCurves{pass: make([]float64, n), mg: make([]float64, n), g: make([][]float64, len(GPassTaus))}
	for k := 1; k <= n; k++ {
		cc.pass[k-1] = stats.PassAtK(n, c, k)
		cc.mg[k-1] = stats.MGPassAtK(n, c, k)
	}
	for i, tau := range GPassTaus {
		cc.g[i] = make([]float64, n)
		for k := 1; k <= n; k++ {
			cc.g[i][k-1] = stats.GPassAtK(n, c, k, tau)
		}
	}
	return cc
}

// add adds one problem's curves: smp and ok are its present samples.
func (c *curveSums) add(s *summariser, smp []vote.Sample, ok []bool, gold string) {
	right := 0
	for i, r := range ok {
		if r {
			right++
		}
		if i < len(c.avg) {
			c.avg[i] += float64(right) / float64(i+1)
		}
	}
	cc := s.countCurves(len(ok), right)
	addCurve(c.pass, cc.pass)
	addCurve(c.mg, cc.mg)
	for i := range c.g {
		addCurve(c.g[i], cc.g[i])
	}
	if c.maj != nil {
		s.curve = s.maj.Curve(smp, gold, s.curve)
		addCurve(c.maj, s.curve)
	}
}

// fill divides the sums by the number of problems into out.
func (c *curveSums) fill(out *Pool, problems int) {
	n := float64(problems)
	for _, curve := range append([][]float64{c.pass, c.maj, c.avg, c.mg}, c.g...) {
		for k := range curve {
			curve[k] /= n
		}
	}
	out.PassAtK, out.MajAtK, out.AvgAtK, out.MGPassAtK = c.pass, c.maj, c.avg, c.mg
	for i, tau := range GPassTaus {
		out.GPassAtK = append(out.GPassAtK, GPass{Tau: tau, Values: c.g[i]})
	}
}

// countCurves returns the curves of n samples with c right, computed once
// per goroutine.
func (s *summariser) countCurves(n, c int) *countCurves {
	key := [2]int{n, c}
	cc, ok := s.counts[key]
	if !ok {
		if s.counts == nil {
			s.counts = map[[2]int]*countCurves{}
		}
		cc = newCountCurves(n, c)
		s.counts[key] = cc
	}
	return cc
}

func addCurve(sum, curve []float64) {
	for k := range sum {
		sum[k] += curve[k]
	}
}
