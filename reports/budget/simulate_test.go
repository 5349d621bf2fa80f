package budget

import (
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

func TestAllowanceClampsToTimeLeft(t *testing.T) {
	p := Policy{Attempts: 8, EarlyStop: 4, LowS: 300, HighS: 900, ReserveS: 300}
	tests := []struct {
		name     string
		left     float64
		problems int
		want     float64
	}{
		{"plenty of time hits the cap", 18000, 10, 900},
		{"reserve binds between floor and cap", 3000, 8, 600},
		{"floor when the reserve eats everything", 3000, 20, 300},
		{"never more than the time left", 200, 0, 200},
		{"nothing left", 0, 3, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := p.Allowance(tt.left, tt.problems); got != tt.want {
				t.Errorf("Allowance(%g, %d) = %g, want %g", tt.left, tt.problems, got, tt.want)
			}
		})
	}
}

// seconds is a curve under which one token takes one second whatever the
// concurrency, so token counts read as finishing times.
var seconds = Curve{Single: 1, Source: "test"}

// attempts builds a problem whose attempts give keys after the given
// numbers of tokens (each also its recorded wall time).
func attempts(gold string, keys []string, tokens []float64) Problem {
	p := Problem{ID: gold, GoldKey: gold}
	for i, k := range keys {
		p.Attempts = append(p.Attempts, Attempt{Key: k, Correct: k == gold, TimeS: tokens[i], Tokens: int(tokens[i])})
	}
	return p
}

// timingOf is the timing of problems under curve c.
func timingOf(t *testing.T, c Curve, problems ...Problem) *timing {
	tm, err := prepareTiming(problems, Config{Throughput: []Point{{1, 1}}}.Defaults())
	if err != nil {
		t.Fatal(err)
	}
	tm.curve = c
	return tm
}

func TestSolveStopsCutsAndVotes(t *testing.T) {
	// The right answer "7" comes from the two shortest attempts; the wrong
	// "3" from three long ones.
	p := attempts("7", []string{"7", "7", "3", "3", "3"}, []float64{10, 20, 100, 110, 120})
	all := []int{0, 1, 2, 3, 4}
	tests := []struct {
		name      string
		policy    Policy
		allow     float64
		right     bool
		used      float64
		stop, cut int
	}{
		{"no stop waits for the slowest and majority is wrong", Policy{Attempts: 5}, 1000, false, 120, 0, 0},
		{"stop at 2 fires on the second answer", Policy{Attempts: 5, EarlyStop: 2}, 1000, true, 20, 1, 0},
		{"allowance cuts the slow attempts", Policy{Attempts: 5}, 50, true, 50, 0, 1},
		{"allowance before any answer leaves none", Policy{Attempts: 5}, 5, false, 5, 0, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newSimulator(Config{Method: "majority"}, tt.policy, timingOf(t, seconds, p))
			right, used := s.solve(rand.New(rand.NewPCG(1, 2)), 0, &p, all, tt.allow)
			if right != tt.right || used != tt.used || s.stopped != tt.stop || s.cut != tt.cut {
				t.Errorf("right %v used %g stopped %d cut %d; want %v %g %d %d", right, used, s.stopped, s.cut, tt.right, tt.used, tt.stop, tt.cut)
			}
		})
	}
}

// TestAttemptsShareTheGPU: three attempts of 100, 200 and 300 tokens on a
// GPU that makes 10 tokens/s in all whatever the concurrency. The first
// finishes when each has had a third of 30 s; the others speed up as the
// GPU frees.
func TestAttemptsShareTheGPU(t *testing.T) {
	flat := Curve{Points: []Point{{1, 10}, {8, 10}}}
	got := make([]float64, 3)
	flat.finishTimes([]float64{300, 100, 200}, 1, got, make([]int, 3))
	if want := []float64{60, 30, 50}; !reflect.DeepEqual(got, want) {
		t.Errorf("finish times %v, want %v", got, want)
	}
	// Doubling the speed halves every time; one attempt alone runs at the
	// single-stream speed.
	flat.finishTimes([]float64{300, 100, 200}, 2, got, make([]int, 3))
	if want := []float64{30, 15, 25}; !reflect.DeepEqual(got, want) {
		t.Errorf("at double speed %v, want %v", got, want)
	}
	if r := flat.Rate(4); r != 2.5 {
		t.Errorf("Rate(4) = %g, want 2.5", r)
	}
}

// TestEarlyStopSavesTimeForOneRequest: all samples of a problem came from
// one request, so they recorded one latency. Timed by their tokens, the
// early stop still ends the problem before its longest sample.
func TestEarlyStopSavesTimeForOneRequest(t *testing.T) {
	p := Problem{ID: "a", GoldKey: "1"}
	for i, tok := range []int{1000, 1200, 1500, 4000, 5000, 6000} {
		key := "1"
		if i >= 4 {
			key = "2"
		}
		p.Attempts = append(p.Attempts, Attempt{Key: key, Correct: key == "1", Tokens: tok, TimeS: 90})
	}
	tm := timingOf(t, Curve{Single: 100, Slowdown: 0.05}, p)
	all := []int{0, 1, 2, 3, 4, 5}
	s := newSimulator(Config{Method: "majority"}, Policy{Attempts: 6, EarlyStop: 3}, tm)
	right, stopped := s.solve(rand.New(rand.NewPCG(1, 2)), 0, &p, all, 900)
	s = newSimulator(Config{Method: "majority"}, Policy{Attempts: 6}, tm)
	_, full := s.solve(rand.New(rand.NewPCG(1, 2)), 0, &p, all, 900)
	if !right || stopped >= full/2 {
		t.Errorf("early stop used %.1fs of the full %.1fs (right %v); it should end at the third agreeing answer", stopped, full, right)
	}
}

// TestFitCurveRecoversTheCurve: finishing times made by a known curve are
// fitted back to it.
func TestFitCurveRecoversTheCurve(t *testing.T) {
	truth := Curve{Single: 150, Slowdown: 0.05}
	var problems []Problem
	for i := range 6 {
		tokens := []float64{float64(1000 + 300*i), 2500, 4000, float64(6000 - 200*i), 9000, 12000, 3000, 7000}
		times := make([]float64, len(tokens))
		truth.finishTimes(tokens, 1, times, make([]int, len(tokens)))
		p := Problem{ID: string(rune('a' + i))}
		for j := range tokens {
			p.Attempts = append(p.Attempts, Attempt{Tokens: int(tokens[j]), TimeS: times[j]})
		}
		problems = append(problems, p)
	}
	c, ok := FitCurve(problems)
	if !ok {
		t.Fatal("no curve fitted")
	}
	if d := c.Single/truth.Single - 1; d > 0.01 || d < -0.01 || c.Slowdown < 0.045 || c.Slowdown > 0.055 {
		t.Errorf("fitted %.1f tokens/s, slowdown %.4f; want %g and %g", c.Single, c.Slowdown, truth.Single, truth.Slowdown)
	}
	if c.Spread > 0.01 {
		t.Errorf("spread %.3f on exact data", c.Spread)
	}
}

// split is a problem whose 16 recorded attempts are half right, half wrong:
// two disjoint runs of 8 see complementary halves, so they rarely agree.
func split(id string) Problem {
	keys := make([]string, 16)
	tokens := make([]float64, 16)
	for i := range keys {
		keys[i], tokens[i] = "1", float64(100+i)
		if i%2 == 1 {
			keys[i] = "2"
		}
	}
	p := attempts("1", keys, tokens)
	p.ID = id
	return p
}

// TestPrivateRunsDrawDisjointAttempts: with 16 attempts recorded, the two
// private runs of an 8-attempt policy never share one, so a problem one run
// gets right the other tends to get wrong; with 8 recorded they share all
// of them and the report says so.
func TestPrivateRunsDrawDisjointAttempts(t *testing.T) {
	probs := []Problem{split("a"), split("b"), split("c"), split("d")}
	cfg := Config{Problems: 4, Runs: 400, Attempts: []int{8}, EarlyStop: []int{0}, HighS: []float64{10000}, LowS: []float64{1}, ReserveS: []float64{0}}
	rep, err := Simulate(probs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	p := rep.Policies[0]
	if !p.Disjoint {
		t.Error("16 attempts for runs of 8 should give disjoint private runs")
	}
	// Each run wins a problem with 5+ of its 8 right, the other run then has
	// 3 or fewer: both right only on 4-4 ties going the same way.
	if p.Private.Mean > 0.75*float64(cfg.Problems) || p.Private.Mean < 0.25*float64(cfg.Problems) {
		t.Errorf("private %.2f of %d: disjoint halves should split most problems", p.Private.Mean, cfg.Problems)
	}
	for i := range probs {
		probs[i].Attempts = probs[i].Attempts[:8]
	}
	rep, err = Simulate(probs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Policies[0].Disjoint || rep.Policies[0].Private != rep.Policies[0].Score {
		t.Errorf("8 attempts for runs of 8: disjoint %v, private %+v vs score %+v", rep.Policies[0].Disjoint, rep.Policies[0].Private, rep.Policies[0].Score)
	}
	if !hasNote(rep, "share attempts") {
		t.Errorf("no note says the private runs share attempts: %q", rep.Notes)
	}
}

func hasNote(rep *Report, part string) bool {
	for _, n := range rep.Notes {
		if strings.Contains(n, part) {
			return true
		}
	}
	return false
}

// TestOverrunningPolicyRanksBelowSafeOne: with no margin, a policy that
// spends every second it is given runs past the limit once per-problem
// overheads land after the last allowance; a policy capped at 60 s never
// does, and ranks first although the greedy one solves more.
func TestOverrunningPolicyRanksBelowSafeOne(t *testing.T) {
	slow := attempts("1", []string{"2", "1", "1", "1"}, []float64{50, 400, 500, 600})
	cfg := Config{Problems: 10, TotalS: 3000, OverheadS: 5, Runs: 300, Attempts: []int{4}, EarlyStop: []int{0},
		LowS: []float64{30}, HighS: []float64{60, 900}, ReserveS: []float64{0}, Throughput: []Point{{1, 1}}}
	rep, err := simulateWith(t, cfg, slow)
	if err != nil {
		t.Fatal(err)
	}
	byCap := map[float64]PolicyResult{}
	for _, p := range rep.Policies {
		byCap[p.Policy.HighS] = p
	}
	greedy, capped := byCap[900], byCap[60]
	if greedy.Overrun < 0.5 || greedy.Safe {
		t.Errorf("greedy policy overran %.0f%% of runs (safe %v); with no margin it should overrun", 100*greedy.Overrun, greedy.Safe)
	}
	if capped.Overrun != 0 || capped.Rank != 1 || greedy.Private.Mean <= capped.Private.Mean {
		t.Errorf("capped: overrun %.2f rank %d private %.2f; greedy private %.2f: the safe policy must rank first though it scores less",
			capped.Overrun, capped.Rank, capped.Private.Mean, greedy.Private.Mean)
	}
	cfg.MarginS = 300
	rep, _ = simulateWith(t, cfg, slow)
	for _, p := range rep.Policies {
		if p.Overrun != 0 {
			t.Errorf("%s: a 300 s margin should absorb 5 s overheads, overran %.1f%%", p.Name, 100*p.Overrun)
		}
	}
}

// simulateWith simulates under the seconds curve.
func simulateWith(t *testing.T, cfg Config, problems ...Problem) (*Report, error) {
	t.Helper()
	cfg.Throughput = []Point{{1, 1}, {16, 16}}
	return Simulate(problems, cfg)
}

// TestReserveKeepsTimeForLaterProblems: ten slow problems in 3000 s. A
// 300 s reserve per remaining problem gives each exactly its 300 s floor;
// without a reserve the first problems take 700 s and the last run short.
func TestReserveKeepsTimeForLaterProblems(t *testing.T) {
	slow := attempts("1", []string{"1", "1", "2", "1"}, []float64{200, 500, 600, 700})
	cfg := Config{Problems: 10, TotalS: 3000, Runs: 200, Attempts: []int{4}, EarlyStop: []int{0},
		LowS: []float64{300}, HighS: []float64{900}, ReserveS: []float64{300, 0}}
	rep, err := simulateWith(t, cfg, slow)
	if err != nil {
		t.Fatal(err)
	}
	byReserve := map[float64]PolicyResult{}
	for _, p := range rep.Policies {
		byReserve[p.Policy.ReserveS] = p
		if p.TimeS.P95 > cfg.TotalS || p.Overrun != 0 {
			t.Errorf("%s: a run used %.0f s of %g (overrun %.2f)", p.Name, p.TimeS.P95, cfg.TotalS, p.Overrun)
		}
	}
	if r := byReserve[300]; r.Short != 0 || r.Rank != 1 {
		t.Errorf("reserve 300: short %.2f, rank %d; want no run short, rank 1", r.Short, r.Rank)
	}
	if r := byReserve[0]; r.Short != 1 {
		t.Errorf("reserve 0: short %.2f; want every run short", r.Short)
	}
}

// TestModelLoadComesOutOfTheBudget: a load of half the limit leaves half
// the time to solve, and the run's time counts it.
func TestModelLoadComesOutOfTheBudget(t *testing.T) {
	slow := attempts("1", []string{"1", "1", "1", "1"}, []float64{400, 500, 600, 700})
	cfg := Config{Problems: 10, TotalS: 6000, Runs: 100, Attempts: []int{4}, EarlyStop: []int{0},
		LowS: []float64{100}, HighS: []float64{900}, ReserveS: []float64{0}}
	free, _ := simulateWith(t, cfg, slow)
	cfg.StartupS = 3000
	loaded, err := simulateWith(t, cfg, slow)
	if err != nil {
		t.Fatal(err)
	}
	if loaded.Policies[0].Score.Mean >= free.Policies[0].Score.Mean || loaded.Policies[0].TimeS.Mean < 3000 {
		t.Errorf("with a 3000 s load: score %.2f (vs %.2f without), time %.0f s", loaded.Policies[0].Score.Mean, free.Policies[0].Score.Mean, loaded.Policies[0].TimeS.Mean)
	}
}

func TestSimulateRefusesUntimedAttempts(t *testing.T) {
	p := Problem{ID: "a", GoldKey: "1", Attempts: []Attempt{{Key: "1"}, {Key: "2"}}}
	if _, err := Simulate([]Problem{p}, Config{}); err == nil || !strings.Contains(err.Error(), "nothing can be timed") {
		t.Errorf("err = %v; attempts without tokens or time cannot be simulated", err)
	}
	if _, err := Simulate([]Problem{{ID: "a"}}, Config{}); err == nil || !strings.Contains(err.Error(), "no recorded attempts") {
		t.Errorf("err = %v; an empty cache cannot be simulated", err)
	}
}

func TestSimulateIsReproducible(t *testing.T) {
	probs := []Problem{
		attempts("1", []string{"1", "2", "1", "", "1", "3", "1", "2"}, []float64{5, 9, 30, 40, 41, 60, 90, 95}),
		attempts("5", []string{"4", "5", "4", "5", "5", "4", "6", "5"}, []float64{50, 20, 70, 300, 80, 10, 15, 400}),
	}
	cfg := Config{Runs: 300, Seed: 3, Attempts: []int{4, 8}, EarlyStop: []int{0, 3}, HighS: []float64{60, 900}}
	a, err := Simulate(probs, cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Simulate(probs, cfg)
	if !reflect.DeepEqual(a, b) {
		t.Error("the same samples, grid and seed gave different reports")
	}
	cfg.Seed = 4
	c, _ := Simulate(probs, cfg)
	if reflect.DeepEqual(a.Policies, c.Policies) {
		t.Error("another seed gave the identical report")
	}
	for i := 1; i < len(a.Policies); i++ {
		x, y := a.Policies[i-1], a.Policies[i]
		if x.Safe == y.Safe && x.Private.Mean < y.Private.Mean || !x.Safe && y.Safe {
			t.Errorf("rank %d (%.2f, safe %v) above rank %d (%.2f, safe %v)", x.Rank, x.Private.Mean, x.Safe, y.Rank, y.Private.Mean, y.Safe)
		}
	}
}
