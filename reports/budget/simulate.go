package budget

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// Report is the simulated distribution of every policy, best first.
type Report struct {
	Config Config `json:"config"`
	// Pool is the number of recorded problems the runs draw from, and
	// AttemptsPerProblem the fewest attempts any of them has.
	Pool               int            `json:"pool"`
	AttemptsPerProblem int            `json:"attempts_per_problem"`
	Policies           []PolicyResult `json:"policies"`
	Notes              []string       `json:"notes,omitempty"`
}

// PolicyResult is one policy's simulated outcome, scores in problems solved
// out of Config.Problems.
type PolicyResult struct {
	Policy Policy `json:"policy"`
	Name   string `json:"name"`
	Rank   int    `json:"rank"`
	// Score is one run's score (public leaderboard style); Private the
	// two-run private score (1 if both runs are right, 0.5 if one is).
	Score   Dist `json:"score"`
	Private Dist `json:"private"`
	// TimeS is one run's total seconds, startup included.
	TimeS Dist `json:"time_s"`
	// Short is the share of runs where some problem got less than the
	// policy's floor because time ran short; Fits is Short <= MaxRisk.
	Short float64 `json:"short"`
	Fits  bool    `json:"fits"`
	// Stopped is the share of problems where the early stop fired; CutOff
	// the share where the allowance ended with attempts still running.
	Stopped float64 `json:"stopped"`
	CutOff  float64 `json:"cut_off"`
	order   int
}

// Dist summarises a distribution: mean and percentiles.
type Dist struct {
	Mean float64 `json:"mean"`
	P5   float64 `json:"p5"`
	P25  float64 `json:"p25"`
	P50  float64 `json:"p50"`
	P75  float64 `json:"p75"`
	P95  float64 `json:"p95"`
}

// Simulate replays problems under every policy of cfg's grid.
func Simulate(problems []Problem, cfg Config) (*Report, error) {
	cfg = cfg.Defaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if len(problems) == 0 {
		return nil, fmt.Errorf("budget: no recorded problems to simulate")
	}
	rep := &Report{Config: cfg, Pool: len(problems), AttemptsPerProblem: fewest(problems)}
	rep.Notes = notes(problems, cfg)
	for i, p := range cfg.Grid() {
		r := simulatePolicy(problems, cfg, p)
		r.order = i
		rep.Policies = append(rep.Policies, r)
	}
	rank(rep.Policies)
	return rep, nil
}

func fewest(problems []Problem) int {
	n := len(problems[0].Attempts)
	for _, p := range problems {
		n = min(n, len(p.Attempts))
	}
	return n
}

// rank orders fitting policies first, then by expected private score, then
// by time, then grid order.
func rank(rs []PolicyResult) {
	slices.SortStableFunc(rs, func(a, b PolicyResult) int {
		switch {
		case a.Fits != b.Fits:
			if a.Fits {
				return -1
			}
			return 1
		case a.Private.Mean != b.Private.Mean:
			if a.Private.Mean > b.Private.Mean {
				return -1
			}
			return 1
		case a.TimeS.Mean != b.TimeS.Mean:
			if a.TimeS.Mean < b.TimeS.Mean {
				return -1
			}
			return 1
		}
		return a.order - b.order
	})
	for i := range rs {
		rs[i].Rank = i + 1
	}
}

// simulatePolicy runs cfg.Runs private-set runs of one policy. Every policy
// uses the same seed, so policies are compared on the same problem draws.
func simulatePolicy(problems []Problem, cfg Config, p Policy) PolicyResult {
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x5eed))
	s := newSimulator(cfg, p)
	scores, private, times := make([]float64, cfg.Runs), make([]float64, cfg.Runs), make([]float64, cfg.Runs)
	short := 0
	for r := range cfg.Runs {
		set := s.drawSet(rng, len(problems))
		a := s.run(rng, problems, set)
		b := s.run(rng, problems, set)
		scores[r], times[r] = a.score, a.time
		for i := range set {
			private[r] += (b2f(a.right[i]) + b2f(b.right[i])) / 2
		}
		if a.short || b.short {
			short++
		}
	}
	res := PolicyResult{Policy: p, Name: p.String(), Score: dist(scores), Private: dist(private), TimeS: dist(times)}
	res.Short = float64(short) / float64(cfg.Runs)
	res.Fits = res.Short <= cfg.MaxRisk
	res.Stopped = float64(s.stopped) / float64(s.solved)
	res.CutOff = float64(s.cut) / float64(s.solved)
	return res
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// dist sorts x and summarises it; percentiles are nearest-rank.
func dist(x []float64) Dist {
	slices.Sort(x)
	sum := 0.0
	for _, v := range x {
		sum += v
	}
	at := func(q float64) float64 {
		i := int(q*float64(len(x))+0.5) - 1
		return x[min(max(i, 0), len(x)-1)]
	}
	return Dist{Mean: sum / float64(len(x)), P5: at(0.05), P25: at(0.25), P50: at(0.5), P75: at(0.75), P95: at(0.95)}
}

func notes(problems []Problem, cfg Config) []string {
	var out []string
	if len(problems) < cfg.Problems {
		out = append(out, fmt.Sprintf("%d recorded problems for runs of %d: each run draws problems with replacement, so the spread is that of problems like these", len(problems), cfg.Problems))
	}
	most := slices.Max(cfg.Attempts)
	if n := fewest(problems); n < most {
		out = append(out, fmt.Sprintf("some problems have %d recorded attempts but policies ask for up to %d: attempts are drawn with replacement there", n, most))
	}
	untimed := 0
	for _, p := range problems {
		for _, a := range p.Attempts {
			if a.TimeS <= 0 {
				untimed++
			}
		}
	}
	if untimed > 0 {
		out = append(out, fmt.Sprintf("%d attempts recorded no wall time: timed at %g tokens/s", untimed, cfg.TokensPerS))
	}
	out = append(out, "recorded times are replayed as they were measured: attempts run with the concurrency they were generated at")
	return out
}
