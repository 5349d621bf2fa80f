package eval

import (
	"math/bits"

	"github.com/aimo-dev/aimo/reports/vote"
)

// maxMaskPool is the largest pool majCurve enumerates with bit masks: 2^16
// subsets, each within vote's exact-enumeration limit.
const maxMaskPool = 16

// majCurve returns maj@k for k = 1..len(smp). For pools of at most 16
// samples it enumerates every subset as a bit mask and applies majority's
// rule (most samples, then the earliest first sample) to per-answer masks,
// which gives exactly vote.MajAtKCurve's values without re-voting each
// subset; larger pools go to vote.MajAtKCurve.
func (s *summariser) majCurve(smp []vote.Sample, gold string, opts vote.CurveOptions) []float64 {
	n := len(smp)
	if n > maxMaskPool {
		return vote.MajAtKCurve(smp, gold, opts)
	}
	s.masks, s.keys = s.masks[:0], s.keys[:0]
	goldGroup := -1
	for i := range smp {
		if !smp[i].Valid || smp[i].Key == "" {
			continue
		}
		g := s.group(smp[i].Key)
		s.masks[g] |= 1 << i
		if smp[i].Key == gold {
			goldGroup = g
		}
	}
	hits := make([]float64, n+1)
	if goldGroup >= 0 {
		for mask := uint32(1); mask < 1<<n; mask++ {
			if s.winner(mask) == goldGroup {
				hits[bits.OnesCount32(mask)]++
			}
		}
	}
	curve := make([]float64, n)
	for k := 1; k <= n; k++ {
		curve[k-1] = hits[k] / choose(n, k)
	}
	return curve
}

// group returns the index of key among the pool's answers, adding it.
func (s *summariser) group(key string) int {
	for g, k := range s.keys {
		if k == key {
			return g
		}
	}
	s.keys, s.masks = append(s.keys, key), append(s.masks, 0)
	return len(s.keys) - 1
}

// winner is the majority winner of the samples in mask, or -1.
func (s *summariser) winner(mask uint32) int {
	best, bestCount, bestFirst := -1, 0, 0
	for g, gm := range s.masks {
		in := mask & gm
		c := bits.OnesCount32(in)
		if c == 0 {
			continue
		}
		first := bits.TrailingZeros32(in)
		if c > bestCount || (c == bestCount && first < bestFirst) {
			best, bestCount, bestFirst = g, c, first
		}
	}
	return best
}

func choose(n, k int) float64 {
	c := 1.0
	for i := range k {
		c = c * float64(n-i) / float64(i+1)
	}
	return c
}
