package budget

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/aimo-dev/aimo/reports/vote"
)

// loadSpread is the standard deviation of the log model-load time: a load
// takes StartupS give or take about 10%.
const loadSpread = 0.1

// simulator replays runs of one policy, reusing its buffers.
type simulator struct {
	cfg     Config
	p       Policy
	tm      *timing
	tally   vote.Tally
	tokens  []float64
	finish  []float64
	sorted  []int
	samples []vote.Sample
	order   []int
	perm    []int
	// draws holds, per position of the set, the attempts of run A then of
	// run B: 2 × Attempts indexes.
	draws []int
	// counters over every simulated problem
	solved, stopped, cut int
	disjoint             bool
}

// outcome is one run: which problems of the set were right (in set order),
// the score, the seconds used, whether some problem got less than the
// policy's floor and whether the run overran the limit.
type outcome struct {
	right   []bool
	score   float64
	time    float64
	short   bool
	overrun bool
}

func newSimulator(cfg Config, p Policy, tm *timing) *simulator {
	return &simulator{cfg: cfg, p: p, tm: tm}
}

// drawSet picks the run's problems from a pool of n: without replacement when
// the pool is large enough, else with replacement.
func (s *simulator) drawSet(rng *rand.Rand, n int) []int {
	set := make([]int, s.cfg.Problems)
	if n >= s.cfg.Problems {
		perm := rng.Perm(n)
		copy(set, perm[:s.cfg.Problems])
		return set
	}
	for i := range set {
		set[i] = rng.IntN(n)
	}
	return set
}

// drawPairs picks, for every problem of the set, the attempts of the two
// private runs: disjoint when the problem has 2 × Attempts recorded,
// without replacement within a run when it has Attempts, else with
// replacement. It reports whether every problem's two runs were disjoint.
func (s *simulator) drawPairs(rng *rand.Rand, problems []Problem, set []int) bool {
	k := s.p.Attempts
	s.draws = slices.Grow(s.draws[:0], 2*k*len(set))[:2*k*len(set)]
	disjoint := true
	for j, i := range set {
		n := len(problems[i].Attempts)
		a, b := s.draws[2*k*j:2*k*j+k], s.draws[2*k*j+k:2*k*(j+1)]
		switch {
		case n == 0:
		case n >= 2*k:
			s.shuffle(rng, n, 2*k)
			copy(a, s.perm[:k])
			copy(b, s.perm[k:2*k])
		case n >= k:
			disjoint = false
			s.shuffle(rng, n, k)
			copy(a, s.perm[:k])
			s.shuffle(rng, n, k)
			copy(b, s.perm[:k])
		default:
			disjoint = false
			for x := range k {
				a[x], b[x] = rng.IntN(n), rng.IntN(n)
			}
		}
	}
	return disjoint
}

// shuffle leaves a uniform draw of m of 0..n-1 in s.perm[:m].
func (s *simulator) shuffle(rng *rand.Rand, n, m int) {
	s.perm = s.perm[:0]
	for i := range n {
		s.perm = append(s.perm, i)
	}
	for x := range m {
		y := x + rng.IntN(n-x)
		s.perm[x], s.perm[y] = s.perm[y], s.perm[x]
	}
}

// run solves the set once in a random order, half says which of the pair's
// draws to use. The allowance counts from the notebook's start: the model's
// load and every problem's overhead come out of the planned time.
func (s *simulator) run(rng *rand.Rand, problems []Problem, set []int, half int) outcome {
	n := len(set)
	s.order = append(s.order[:0], make([]int, n)...)
	for i := range s.order {
		s.order[i] = i
	}
	rng.Shuffle(n, func(i, j int) { s.order[i], s.order[j] = s.order[j], s.order[i] })
	out := outcome{right: make([]bool, n)}
	elapsed := s.cfg.StartupS * math.Exp(loadSpread*rng.NormFloat64())
	k := s.p.Attempts
	for j, i := range s.order {
		allow := s.p.Allowance(s.cfg.PlanS()-elapsed, n-j-1)
		if allow < s.p.LowS {
			out.short = true
		}
		if allow > 0 {
			draw := s.draws[2*k*i+half*k : 2*k*i+(half+1)*k]
			right, used := s.solve(rng, set[i], &problems[set[i]], draw, allow)
			out.right[i] = right
			out.score += b2f(right)
			elapsed += used
		}
		elapsed += s.cfg.OverheadS * rng.ExpFloat64()
	}
	out.time = elapsed
	out.overrun = elapsed > s.cfg.TotalS
	return out
}

// solve times the drawn attempts of p as if they started together on one
// GPU at a speed drawn around the curve, replays them in finishing order
// until the early stop fires or the allowance ends, and votes.
func (s *simulator) solve(rng *rand.Rand, pi int, p *Problem, draw []int, allow float64) (right bool, used float64) {
	s.solved++
	if len(p.Attempts) == 0 {
		return false, 0
	}
	k := len(draw)
	s.tokens, s.finish = s.tokens[:0], append(s.finish[:0], make([]float64, k)...)
	s.sorted = append(s.sorted[:0], make([]int, k)...)
	for _, a := range draw {
		s.tokens = append(s.tokens, s.tm.tokens[pi][a])
	}
	speed := math.Exp(s.tm.curve.Spread * rng.NormFloat64())
	s.tm.curve.finishTimes(s.tokens, speed, s.finish, s.sorted)
	s.samples = s.samples[:0]
	for _, x := range s.sorted {
		at, t := &p.Attempts[draw[x]], s.finish[x]
		if t > allow {
			s.cut++
			used = allow
			break
		}
		s.samples = append(s.samples, vote.Sample{Index: len(s.samples), Key: at.Key, Answer: at.Key, Valid: at.Key != "", Entropy: at.Entropy})
		used = t
		if s.p.EarlyStop > 0 && s.agreed(at.Key) {
			s.stopped++
			break
		}
	}
	return s.vote(p), used
}

// vote votes the finished samples with the configured method.
func (s *simulator) vote(p *Problem) bool {
	for i := range s.samples {
		if h := s.samples[i].Entropy; h != nil {
			s.samples[i].Confidence = vote.EntropyConfidence(*h)
		}
	}
	res, err := s.tally.Vote(s.cfg.Method, s.samples, vote.Options{})
	if err != nil || res.NoAnswer() {
		return false
	}
	return res.Key == p.GoldKey
}

// agreed reports whether key now has EarlyStop valid samples.
func (s *simulator) agreed(key string) bool {
	if key == "" {
		return false
	}
	n := 0
	for i := range s.samples {
		if s.samples[i].Key == key {
			n++
		}
	}
	return n >= s.p.EarlyStop
}
