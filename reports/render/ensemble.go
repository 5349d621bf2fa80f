package render

// ensemblePool pools member pools problem by problem, members in order and
// each member's samples in sample order, folding weights into the signals
// as package eval does: confidence and reward multiplied, entropy divided.
// countOnly sets each sample's confidence to its weight (weighted majority).
func ensemblePool(members []*pool, weights []float64, countOnly bool) *pool {
	set := members[0].set
	n := 0
	for _, m := range members {
		n += m.n
	}
	pl := newPool(set, n)
	pl.signal, pl.graders = members[0].signal, members[0].graders
	for p := range set.Problems {
		at := p * n
		for mi, m := range members {
			for s := p * m.n; s < (p+1)*m.n; s++ {
				pl.copySample(at, m, s, weights[mi])
				if countOnly {
					pl.samples[at].Confidence = weights[mi]
				}
				at++
			}
		}
	}
	return pl
}

func (pl *pool) copySample(at int, m *pool, s int, w float64) {
	smp := m.samples[s]
	smp.Index = at % pl.n
	pl.present[at], pl.correct[at], pl.rows[at] = m.present[s], m.correct[s], m.rows[s]
	if w != 1 {
		smp.Confidence *= w
		if smp.Score != nil {
			pl.scores[at] = *smp.Score * w
			smp.Score = &pl.scores[at]
		}
		if smp.Entropy != nil {
			h := *smp.Entropy / w
			smp.Entropy = &h
		}
	}
	pl.samples[at] = smp
}

// weightMethod is the method a weighted ensemble votes with: majority and
// unanimous count weights through confidence_weighted.
func weightMethod(method string, weighted bool) string {
	if weighted && (method == "majority" || method == "unanimous") {
		return "confidence_weighted"
	}
	return method
}
