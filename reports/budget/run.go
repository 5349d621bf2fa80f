package budget

import (
	"math/rand/v2"
	"slices"

	"github.com/aimo-dev/aimo/reports/vote"
)

// simulator replays runs of one policy, reusing its buffers.
type simulator struct {
	cfg     Config
	p       Policy
	tally   vote.Tally
	picked  []timed
	samples []vote.Sample
	order   []int
	perm    []int
	// counters over every simulated problem
	solved, stopped, cut int
}

type timed struct {
	a *Attempt
	t float64
}

// outcome is one run: which problems of the set were right (in set order),
// the score, the seconds used and whether time ran short.
type outcome struct {
	right []bool
	score float64
	time  float64
	short bool
}

func newSimulator(cfg Config, p Policy) *simulator {
	return &simulator{cfg: cfg, p: p}
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

// run solves the set once in a random order.
func (s *simulator) run(rng *rand.Rand, problems []Problem, set []int) outcome {
	n := len(set)
	s.order = append(s.order[:0], make([]int, n)...)
	for i := range s.order {
		s.order[i] = i
	}
	rng.Shuffle(n, func(i, j int) { s.order[i], s.order[j] = s.order[j], s.order[i] })
	out := outcome{right: make([]bool, n)}
	left := s.cfg.TotalS - s.cfg.StartupS
	for j, i := range s.order {
		allow := s.p.Allowance(left, n-j-1)
		if allow < s.p.LowS {
			out.short = true
		}
		if allow <= 0 {
			continue
		}
		right, used := s.solve(rng, &problems[set[i]], allow)
		out.right[i] = right
		out.score += b2f(right)
		left -= used
	}
	out.time = s.cfg.TotalS - left
	return out
}

// solve draws the policy's attempts of p, replays them in finishing order
// until the early stop fires or the allowance ends, and votes.
func (s *simulator) solve(rng *rand.Rand, p *Problem, allow float64) (right bool, used float64) {
	s.solved++
	s.draw(rng, p)
	s.samples = s.samples[:0]
	used = 0
	for _, at := range s.picked {
		if at.t > allow {
			s.cut++
			used = allow
			break
		}
		s.samples = append(s.samples, vote.Sample{Index: len(s.samples), Key: at.a.Key, Answer: at.a.Key, Valid: at.a.Key != "", Entropy: at.a.Entropy})
		used = at.t
		if s.p.EarlyStop > 0 && s.agreed(at.a.Key) {
			s.stopped++
			break
		}
	}
	for i := range s.samples {
		if h := s.samples[i].Entropy; h != nil {
			s.samples[i].Confidence = vote.EntropyConfidence(*h)
		}
	}
	res, err := s.tally.Vote(s.cfg.Method, s.samples, vote.Options{})
	if err != nil || res.NoAnswer() {
		return false, used
	}
	return res.Key == p.GoldKey, used
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

// draw picks the attempts (without replacement while the problem has enough)
// and sorts them by finishing time, ties in draw order.
func (s *simulator) draw(rng *rand.Rand, p *Problem) {
	s.picked = s.picked[:0]
	n := len(p.Attempts)
	if n == 0 {
		return
	}
	if s.p.Attempts <= n {
		// A partial Fisher-Yates shuffle into a reused buffer.
		s.perm = s.perm[:0]
		for i := range n {
			s.perm = append(s.perm, i)
		}
		for k := range s.p.Attempts {
			j := k + rng.IntN(n-k)
			s.perm[k], s.perm[j] = s.perm[j], s.perm[k]
			i := s.perm[k]
			s.picked = append(s.picked, timed{&p.Attempts[i], s.timeOf(&p.Attempts[i])})
		}
	} else {
		for range s.p.Attempts {
			i := rng.IntN(n)
			s.picked = append(s.picked, timed{&p.Attempts[i], s.timeOf(&p.Attempts[i])})
		}
	}
	slices.SortStableFunc(s.picked, func(a, b timed) int {
		switch {
		case a.t < b.t:
			return -1
		case a.t > b.t:
			return 1
		}
		return 0
	})
}

func (s *simulator) timeOf(a *Attempt) float64 {
	if a.TimeS > 0 {
		return a.TimeS
	}
	return float64(a.Tokens) / s.cfg.TokensPerS
}
