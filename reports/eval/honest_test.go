package eval

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/stats"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// equalGrid builds a set where every one of entries solves each problem with
// that problem's probability, independently: no entry is better than another.
func equalGrid(r *rand.Rand, difficulty []float64, entries int) *evaluation {
	ev := &evaluation{res: &Results{Sets: []SetInfo{{Name: "s"}}}, sets: []*dataset.Set{{Name: "s"}}}
	for e := range entries {
		en := Entry{Set: "s", Problems: len(difficulty), solved: make([]bool, len(difficulty)), MeanUsed: 1, order: e}
		for p, d := range difficulty {
			if r.Float64() < d {
				en.solved[p] = true
				en.Correct++
			}
		}
		en.Accuracy = float64(en.Correct) / float64(en.Problems)
		ev.res.Grid = append(ev.res.Grid, en)
	}
	return ev
}

// TestFalseStarsAmongEqualConfigurations runs 15 equally good configurations
// on 50 problems of mixed difficulty many times: a star says "worse than the
// best", so every star is false, and the chance of any star in a table must
// stay at or below 5%. Correcting only the comparisons with the data-chosen
// best (the rule this replaced) is checked to exceed 5% on the same tables,
// so the simulation can tell the two apart.
func TestFalseStarsAmongEqualConfigurations(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	const trials, entries, problems = 1000, 15, 50
	difficulty := make([]float64, problems)
	for p := range difficulty {
		difficulty[p] = 0.2 + 0.75*r.Float64()
	}
	starred, naive := 0, 0
	for range trials {
		ev := equalGrid(r, difficulty, entries)
		ev.compare()
		var raw []float64
		any := false
		for _, e := range ev.res.Grid {
			if e.VsBest != nil {
				any = any || e.VsBest.Significant
				raw = append(raw, e.VsBest.P)
			}
		}
		if any {
			starred++
		}
		if slices.Min(stats.Holm(raw)) < alpha {
			naive++
		}
	}
	rate, naiveRate := float64(starred)/trials, float64(naive)/trials
	t.Logf("tables with a false star: %.3f (all pairs), %.3f (comparisons with the best only)", rate, naiveRate)
	if rate > 0.05 {
		t.Errorf("a false star appeared in %.1f%% of tables of equal configurations, want <= 5%%", 100*rate)
	}
	if naiveRate <= 0.05 {
		t.Errorf("correcting only the comparisons with the best starred %.1f%% of tables: the simulation cannot show the selection effect", 100*naiveRate)
	}
	if got := ev0(r, difficulty).res.Sets[0]; got.Comparisons != 105 || got.Correction != "holm" {
		t.Errorf("set info %+v, want 105 comparisons corrected by holm", got)
	}
}

func ev0(r *rand.Rand, difficulty []float64) *evaluation {
	ev := equalGrid(r, difficulty, 15)
	ev.compare()
	return ev
}

// coverageSizes are the AIMO sizes and beyond the coverage tests check.
var (
	coverageP = []float64{0.3, 0.6, 0.9, 0.97}
	coverageN = []int{10, 30, 50, 100, 500}
)

// TestProblemIntervalCovers computes exactly how often the interval of a
// problem-level accuracy (entries, subjects, levels, the selection) covers
// the true accuracy, summing the binomial probability of every outcome whose
// interval contains it.
func TestProblemIntervalCovers(t *testing.T) {
	for _, p := range coverageP {
		for _, n := range coverageN {
			cover := 0.0
			for x := 0; x <= n; x++ {
				if iv := problemInterval(x, n); iv.Lo <= p && p <= iv.Hi {
					cover += binomialMass(n, x, p)
				}
			}
			if cover < 0.93 {
				t.Errorf("p=%g, n=%d: the interval covers %.4f of the time, want >= 0.93", p, n, cover)
			}
		}
	}
}

func binomialMass(n, x int, p float64) float64 {
	a, _ := math.Lgamma(float64(n + 1))
	b, _ := math.Lgamma(float64(x + 1))
	c, _ := math.Lgamma(float64(n - x + 1))
	return math.Exp(a - b - c + float64(x)*math.Log(p) + float64(n-x)*math.Log1p(-p))
}

// TestSampleIntervalCovers simulates the accuracy of one sample, 8 samples
// per problem, where problems differ: each problem's accuracy is drawn from a
// Beta distribution with mean p and intra-problem correlation rho (0: every
// problem alike; 0.9: most problems all right or all wrong). The interval
// must cover p at least 93% of the time in every case.
func TestSampleIntervalCovers(t *testing.T) {
	if testing.Short() {
		t.Skip("coverage simulation")
	}
	r := rand.New(rand.NewPCG(5, 6))
	const trials, samples = 1000, 8
	for _, rho := range []float64{0, 0.5, 0.9} {
		for _, p := range coverageP {
			for _, n := range coverageN {
				beta := distuv.Beta{Alpha: p * (1/rho - 1), Beta: (1 - p) * (1/rho - 1), Src: r}
				tallies := make([]stats.Tally, n)
				cover := 0
				for range trials {
					for i := range tallies {
						pi := p
						if rho > 0 {
							pi = beta.Rand()
						}
						right := 0
						for range samples {
							if r.Float64() < pi {
								right++
							}
						}
						tallies[i] = stats.Tally{Right: right, N: samples}
					}
					if iv := sampleInterval(tallies); iv.Lo <= p && p <= iv.Hi {
						cover++
					}
				}
				if rate := float64(cover) / trials; rate < 0.93 {
					t.Errorf("rho=%g, p=%g, n=%d: covers %.3f of the time, want >= 0.93", rho, p, n, rate)
				}
			}
		}
	}
}

// TestPairedBootstrapHoldsItsLevel computes exactly how often the paired
// bootstrap p-value falls to 0.05 or below when two configurations are
// equally good: each problem is discordant with probability pi, a win or a
// loss with equal chance.
func TestPairedBootstrapHoldsItsLevel(t *testing.T) {
	for _, pi := range []float64{0.05, 0.2, 0.4, 0.8} {
		for _, n := range []int{10, 30, 50, 100} {
			rate := 0.0
			for d := 0; d <= n; d++ {
				pd := binomialMass(n, d, pi)
				if pd < 1e-15 {
					continue
				}
				for w := 0; w <= d; w++ {
					if _, p := pairedBootstrap(w, d-w, n, stats.PairedConfidence); p <= 0.05 {
						rate += pd * binomialMass(d, w, 0.5)
					}
				}
			}
			if rate > 0.05 {
				t.Errorf("pi=%g, n=%d: rejects %.4f of the time under no difference, want <= 0.05", pi, n, rate)
			}
		}
	}
}

// TestSmallSetsWarnAboutTheBootstrap: an entry on fewer than 30 problems
// carries the footnote that results.json's bootstrap intervals undercover.
func TestSmallSetsWarnAboutTheBootstrap(t *testing.T) {
	answers := make([][]string, 12)
	gold := make([]string, 12)
	for p := range answers {
		answers[p], gold[p] = []string{"1", "1", "2"}, "1"
	}
	r := tinySweep(answers, gold, nil, lang.Voting{Method: []string{"majority"}, K: []int{3}, EarlyStop: []int{0}}).evaluate(t)
	if !hasNote(r, r.Grid[0].Notes, "bootstrap over only 12 problems") {
		t.Errorf("notes %v, footnotes %v: want the bootstrap warning", r.Grid[0].Notes, r.Footnotes)
	}
}

func hasNote(r *Results, notes []int, text string) bool {
	for _, n := range notes {
		if strings.Contains(r.Footnotes[n-1].Text, text) {
			return true
		}
	}
	return false
}

// TestEarlyStopReadsInFinishingOrder: the first two samples say 1, the last
// three say 2 and finished first. Stopping at two agreeing answers must read
// in finishing order when latencies are recorded, as a notebook that stops
// generating would, and say which order it used.
func TestEarlyStopReadsInFinishingOrder(t *testing.T) {
	answers, gold := [][]string{{"1", "1", "2", "2", "2"}}, []string{"2"}
	timed := [][]float64{{5, 4, 1, 2, 3}}
	v := lang.Voting{Method: []string{"majority"}, K: []int{5}, EarlyStop: []int{0, 2}}
	tests := []struct {
		name    string
		latency [][]float64
		correct int
		order   string
		read    []int
	}{
		{"recorded latencies", timed, 1, "finishing", []int{2, 3}},
		{"no latencies", nil, 0, "sample", []int{0, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := tinySweep(answers, gold, tt.latency, v).evaluate(t)
			e := entryOf(r, "majority@5 stop2")
			if e.Correct != tt.correct || e.ReadOrder != tt.order || e.MeanUsed != 2 {
				t.Errorf("entry %+v: want %d correct, read order %q, 2 samples used", e, tt.correct, tt.order)
			}
			if !hasNote(r, e.Notes, tt.order+" order") {
				t.Errorf("notes %v (%v): want one naming the %s order", e.Notes, r.Footnotes, tt.order)
			}
			if full := entryOf(r, "majority@5"); full.ReadOrder != "" || full.Correct != 1 {
				t.Errorf("without early stopping: %+v, want no read order and the majority 2", full)
			}
			o, err := r.Problems("s", "c", "majority@5 stop2")
			if err != nil {
				t.Fatal(err)
			}
			var read []int
			for _, s := range o.Problems[0].Samples {
				if s.Read {
					read = append(read, s.Index)
				}
			}
			if !slices.Equal(read, tt.read) {
				t.Errorf("samples read %v, want %v", read, tt.read)
			}
		})
	}
}

// TestAvgAndGPassCurves checks the per-pool avg@k and G-Pass@k against
// values counted by hand. Problem 0 has samples right, wrong, right, right;
// problem 1 wrong, wrong, right, wrong.
func TestAvgAndGPassCurves(t *testing.T) {
	answers := [][]string{{"7", "8", "7", "7"}, {"1", "1", "3", "1"}}
	r := tinySweep(answers, []string{"7", "3"}, nil, lang.Voting{Method: []string{"majority"}, K: []int{4}, EarlyStop: []int{0}}).evaluate(t)
	p := r.Pools[0]
	// avg@k: problem 0: 1, 1/2, 2/3, 3/4; problem 1: 0, 0, 1/3, 1/4.
	wantAvg := []float64{0.5, 0.25, 0.5, 0.5}
	// G-Pass@k at tau=1 asks for all k right: C(c, k)/C(4, k) with c = 3 and 1.
	wantAll := []float64{(0.75 + 0.25) / 2, (3.0 / 6) / 2, (1.0 / 4) / 2, 0}
	for k := range 4 {
		if math.Abs(p.AvgAtK[k]-wantAvg[k]) > 1e-12 {
			t.Errorf("avg@%d = %g, want %g", k+1, p.AvgAtK[k], wantAvg[k])
		}
		tau1 := p.GPassAtK[len(p.GPassAtK)-1]
		if tau1.Tau != 1 || math.Abs(tau1.Values[k]-wantAll[k]) > 1e-12 {
			t.Errorf("G-Pass@%d_1 = %g (tau %g), want %g", k+1, tau1.Values[k], tau1.Tau, wantAll[k])
		}
	}
	// mG-Pass@4 averages P(X >= 3) and P(X >= 4) over problems, times 2/4:
	// problem 0 has 1 and 0, problem 1 has 0 and 0.
	if want := 2.0 / 4 * (1 + 0) / 2; math.Abs(p.MGPassAtK[3]-want) > 1e-12 {
		t.Errorf("mG-Pass@4 = %g, want %g", p.MGPassAtK[3], want)
	}
}
