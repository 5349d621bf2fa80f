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
	Pool               int `json:"pool"`
	AttemptsPerProblem int `json:"attempts_per_problem"`
	// Curve is the throughput curve attempts are timed with.
	Curve    Curve          `json:"curve"`
	Policies []PolicyResult `json:"policies"`
	Notes    []string       `json:"notes,omitempty"`
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
	// TimeS is one run's total seconds, model load and overheads included.
	TimeS Dist `json:"time_s"`
	// Overrun is the share of runs that went past the limit, which fails
	// the submission; Safe is Overrun <= MaxRisk. Short is the share of
	// runs where some problem got less than the policy's floor.
	Overrun float64 `json:"overrun"`
	Safe    bool    `json:"safe"`
	Short   float64 `json:"short"`
	// Stopped is the share of problems where the early stop fired; CutOff
	// the share where the allowance ended with attempts still running.
	Stopped float64 `json:"stopped"`
	CutOff  float64 `json:"cut_off"`
	// Disjoint says the two private runs never shared a recorded attempt.
	Disjoint bool `json:"disjoint"`
	order    int
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
	if countAttempts(problems) == 0 {
		return nil, fmt.Errorf("budget: no recorded attempts to simulate: run the experiment first")
	}
	tm, err := prepareTiming(problems, cfg)
	if err != nil {
		return nil, err
	}
	rep := &Report{Config: cfg, Pool: len(problems), AttemptsPerProblem: fewest(problems), Curve: tm.curve}
	for i, p := range cfg.Grid() {
		r := simulatePolicy(problems, cfg, p, tm)
		r.order = i
		rep.Policies = append(rep.Policies, r)
	}
	rank(rep.Policies)
	rep.Notes = append(tm.notes, notes(problems, cfg, rep)...)
	return rep, nil
}

func countAttempts(problems []Problem) int {
	n := 0
	for _, p := range problems {
		n += len(p.Attempts)
	}
	return n
}

func fewest(problems []Problem) int {
	n := len(problems[0].Attempts)
	for _, p := range problems {
		n = min(n, len(p.Attempts))
	}
	return n
}

// rank orders safe policies first, then by expected private score, then by
// overrun risk, then by time, then grid order: a policy that risks failing
// the submission never ranks above one that does not.
func rank(rs []PolicyResult) {
	slices.SortStableFunc(rs, func(a, b PolicyResult) int {
		switch {
		case a.Safe != b.Safe:
			if a.Safe {
				return -1
			}
			return 1
		case a.Private.Mean != b.Private.Mean:
			return cmpDesc(a.Private.Mean, b.Private.Mean)
		case a.Overrun != b.Overrun:
			return -cmpDesc(a.Overrun, b.Overrun)
		case a.TimeS.Mean != b.TimeS.Mean:
			return -cmpDesc(a.TimeS.Mean, b.TimeS.Mean)
		}
		return a.order - b.order
	})
	for i := range rs {
		rs[i].Rank = i + 1
	}
}

// cmpDesc orders larger values first.
func cmpDesc(a, b float64) int {
	if a > b {
		return -1
	}
	return 1
}

// simulatePolicy runs cfg.Runs private-set runs of one policy. Every policy
// uses the same seed, so policies are compared on the same problem draws.
func simulatePolicy(problems []Problem, cfg Config, p Policy, tm *timing) PolicyResult {
	rng := rand.New(rand.NewPCG(uint64(cfg.Seed), 0x5eed))
	s := newSimulator(cfg, p, tm)
	scores, private, times := make([]float64, cfg.Runs), make([]float64, cfg.Runs), make([]float64, cfg.Runs)
	short, overrun, disjoint := 0, 0, true
	for r := range cfg.Runs {
		set := s.drawSet(rng, len(problems))
		disjoint = s.drawPairs(rng, problems, set) && disjoint
		a := s.run(rng, problems, set, 0)
		b := s.run(rng, problems, set, 1)
		scores[r], times[r] = a.score, a.time
		for i := range set {
			private[r] += (b2f(a.right[i]) + b2f(b.right[i])) / 2
		}
		if a.short || b.short {
			short++
		}
		if a.overrun || b.overrun {
			overrun++
		}
	}
	res := PolicyResult{Policy: p, Name: p.String(), Score: dist(scores), Private: dist(private), TimeS: dist(times), Disjoint: disjoint}
	res.Short = float64(short) / float64(cfg.Runs)
	res.Overrun = float64(overrun) / float64(cfg.Runs)
	res.Safe = res.Overrun <= cfg.MaxRisk
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

func notes(problems []Problem, cfg Config, rep *Report) []string {
	var out []string
	if len(problems) < cfg.Problems {
		out = append(out, fmt.Sprintf("%d recorded problems for runs of %d: each run draws problems with replacement, so the spread is that of problems like these", len(problems), cfg.Problems))
	}
	most := slices.Max(cfg.Attempts)
	if n := fewest(problems); n < most {
		out = append(out, fmt.Sprintf("some problems have %d recorded attempts but policies ask for up to %d: attempts are drawn with replacement there", n, most))
	}
	for _, p := range rep.Policies {
		if !p.Disjoint {
			out = append(out, fmt.Sprintf("fewer than 2 × %d attempts recorded per problem: the two private runs of %s share attempts, so its private score is closer to its public one than Kaggle's would be", p.Policy.Attempts, p.Name))
			break
		}
	}
	if cfg.StartupS == 0 {
		out = append(out, "no model-load time (budget.startup_s): the runs start solving at once")
	}
	out = append(out, fmt.Sprintf("a run loads the model in %gs (±10%%), plans for %gs (the limit less a %gs margin), spends on average %gs per problem outside its allowance, and overruns when it ends past %gs",
		cfg.StartupS, cfg.PlanS(), cfg.MarginS, cfg.OverheadS, cfg.TotalS))
	return out
}
