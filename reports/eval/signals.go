package eval

import "github.com/aimo-dev/aimo/reports/vote"

// signalSet gathers, problem by problem, every present sample's value of
// each confidence signal, split by right and wrong, to measure how well each
// separates them. Its buffers are reused from pool to pool.
type signalSet struct {
	sig   [4]gathered // share, entropy, reward, reasoning
	tally vote.Tally
	share []float64
}

var signalNames = [4]string{signalShare, signalEntropy, signalReward, signalReasoning}

// gathered holds one signal's values as sort keys (see sortKey).
type gathered struct {
	right, wrong []uint64
	sumRight     float64
	sumWrong     float64
	tmp          []uint64
}

func (g *signalSet) reset() {
	for i := range g.sig {
		s := &g.sig[i]
		s.right, s.wrong, s.sumRight, s.sumWrong = s.right[:0], s.wrong[:0], 0, 0
	}
}

// add gathers the present samples of one problem, loaded into v.
func (g *signalSet) add(v *view) {
	g.share = g.tally.ShareConfidence(v.smp, g.share)
	share := g.share
	for i := range v.smp {
		if !v.present[i] {
			continue
		}
		smp, ok := &v.smp[i], v.ok[i]
		g.sig[0].put(share[i], ok)
		if smp.Entropy != nil {
			g.sig[1].put(v.entropyConf[i], ok)
		}
		if smp.Score != nil {
			g.sig[2].put(*smp.Score, ok)
		}
		g.sig[3].put(v.reasoning[i], ok)
	}
}

func (s *gathered) put(x float64, ok bool) {
	if ok {
		s.right, s.sumRight = append(s.right, sortKey(x)), s.sumRight+x
	} else {
		s.wrong, s.sumWrong = append(s.wrong, sortKey(x)), s.sumWrong+x
	}
}

// list returns the signals some sample carried, in signalNames order.
func (g *signalSet) list() []Signal {
	var out []Signal
	for i := range g.sig {
		s := &g.sig[i]
		nRight, nWrong := len(s.right), len(s.wrong)
		if nRight+nWrong == 0 {
			continue
		}
		sig := Signal{Name: signalNames[i], Samples: nRight + nWrong}
		if nRight > 0 {
			sig.MeanCorrect = s.sumRight / float64(nRight)
		}
		if nWrong > 0 {
			sig.MeanWrong = s.sumWrong / float64(nWrong)
		}
		sig.AUC = s.auc()
		out = append(out, sig)
	}
	return out
}

// auc is the Mann-Whitney probability that a right sample's value exceeds a
// wrong one's, ties counting half; 0.5 when either side is empty. It sorts
// both sides and walks them together, value by value.
func (s *gathered) auc() float64 {
	right, wrong := s.right, s.wrong
	if len(right) == 0 || len(wrong) == 0 {
		return 0.5
	}
	s.tmp = sortFloats(right, s.tmp)
	s.tmp = sortFloats(wrong, s.tmp)
	sum, below := 0.0, 0
	for i := 0; i < len(right); {
		v := right[i]
		j := i
		for j < len(right) && right[j] == v {
			j++
		}
		for below < len(wrong) && wrong[below] < v {
			below++
		}
		equal := 0
		for below+equal < len(wrong) && wrong[below+equal] == v {
			equal++
		}
		sum += float64(j-i) * (float64(below) + float64(equal)/2)
		i = j
	}
	return sum / (float64(len(right)) * float64(len(wrong)))
}
