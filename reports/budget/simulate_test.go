package budget

import (
	"math/rand/v2"
	"reflect"
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

// attempts builds a problem whose attempts give keys at the given times.
func attempts(gold string, keys []string, times []float64) Problem {
	p := Problem{ID: gold, GoldKey: gold}
	for i, k := range keys {
		p.Attempts = append(p.Attempts, Attempt{Key: k, Correct: k == gold, TimeS: times[i]})
	}
	return p
}

func TestSolveStopsCutsAndVotes(t *testing.T) {
	// The right answer "7" comes from the two fastest attempts; the wrong
	// "3" from three slow ones.
	p := attempts("7", []string{"7", "7", "3", "3", "3"}, []float64{10, 20, 100, 110, 120})
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
			s := newSimulator(Config{Method: "majority", TokensPerS: 100}, tt.policy)
			right, used := s.solve(rand.New(rand.NewPCG(1, 2)), &p, tt.allow)
			if right != tt.right || used != tt.used || s.stopped != tt.stop || s.cut != tt.cut {
				t.Errorf("right %v used %g stopped %d cut %d; want %v %g %d %d", right, used, s.stopped, s.cut, tt.right, tt.used, tt.stop, tt.cut)
			}
		})
	}
}

// TestReserveKeepsTimeForLaterProblems: ten slow problems in 3000 s. A
// 300 s reserve per remaining problem gives each exactly its 300 s floor;
// without a reserve the first problems take 700 s and the last run short.
func TestReserveKeepsTimeForLaterProblems(t *testing.T) {
	slow := attempts("1", []string{"1", "1", "2", "1"}, []float64{200, 500, 600, 700})
	cfg := Config{Problems: 10, TotalS: 3000, Runs: 200, Attempts: []int{4}, EarlyStop: []int{0},
		LowS: []float64{300}, HighS: []float64{900}, ReserveS: []float64{300, 0}}
	rep, err := Simulate([]Problem{slow}, cfg)
	if err != nil {
		t.Fatal(err)
	}
	byReserve := map[float64]PolicyResult{}
	for _, p := range rep.Policies {
		byReserve[p.Policy.ReserveS] = p
		if p.TimeS.P95 > cfg.TotalS {
			t.Errorf("%s: a run used %.0f s of %g", p.Name, p.TimeS.P95, cfg.TotalS)
		}
	}
	if r := byReserve[300]; !r.Fits || r.Short != 0 || r.Rank != 1 {
		t.Errorf("reserve 300: short %.2f, fits %v, rank %d; want no run short, a fit, rank 1", r.Short, r.Fits, r.Rank)
	}
	if r := byReserve[0]; r.Fits || r.Short != 1 {
		t.Errorf("reserve 0: short %.2f, fits %v; want every run short", r.Short, r.Fits)
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
		if x.Fits == y.Fits && x.Private.Mean < y.Private.Mean {
			t.Errorf("rank %d (%.2f) below rank %d (%.2f)", x.Rank, x.Private.Mean, y.Rank, y.Private.Mean)
		}
	}
}
