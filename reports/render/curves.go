package render

import "math"

// curveRow is one k of one pool in the k-curves tables.
type curveRow struct {
	Set, Cell string
	K         int
	// Maj is NaN for a pool too large for maj@k; GHalf and GAll are
	// G-Pass@k at τ = 0.5 and τ = 1, MG is mG-Pass@k.
	Maj, Pass, Avg, GHalf, GAll, MG float64
	Notes                           []int
}

// curveRows lists every pool's curves at the k values chosenKs picks.
func (d *Document) curveRows() []curveRow {
	var out []curveRow
	for _, p := range d.Pools {
		for _, k := range chosenKs(d, len(p.PassAtK)) {
			row := curveRow{Set: p.Set, Cell: p.Cell, K: k, Maj: math.NaN(), Pass: p.PassAtK[k-1], Notes: p.Notes,
				Avg: at(p.AvgAtK, k), GHalf: at(gPass(p, 0.5), k), GAll: at(gPass(p, 1), k), MG: at(p.MGPassAtK, k)}
			if p.MajAtK != nil {
				row.Maj = p.MajAtK[k-1]
			}
			if k == 1 {
				// lighteval's mG-Pass@1 is an empty sum, 0: no information.
				row.MG = math.NaN()
			}
			out = append(out, row)
		}
	}
	return out
}

// multiSample reports whether some pool's curves go past k = 1, where avg@k
// and G-Pass@k say something pass@k does not.
func (d *Document) multiSample() bool {
	for _, p := range d.Pools {
		if len(p.PassAtK) > 1 {
			return true
		}
	}
	return false
}

func gPass(p Pool, tau float64) []float64 {
	for _, g := range p.GPassAtK {
		if g.Tau == tau {
			return g.Values
		}
	}
	return nil
}

// at is curve[k-1], or NaN when the curve is missing (results.json written
// before the curve existed).
func at(curve []float64, k int) float64 {
	if k > len(curve) {
		return math.NaN()
	}
	return curve[k-1]
}

// curvesNote says which samples each curve uses.
const curvesNote = "pass@k (unbiased), maj@k (counted exactly) and G-Pass@k average over every k-subset of a pool's samples; " +
	"avg@k reads the first k samples in sample order, as the leaderboard's method@k settings vote on them (maj@1 is one sample's mean accuracy, majority@1 sample 0's). G-Pass@k_τ is the chance that at least ⌈τk⌉ of k samples are right; " +
	"mG-Pass@k averages it over τ in (0.5, 1]."
