package budget

import (
	"fmt"
	"math"
	"slices"
)

// Point is one point of a declared throughput curve: with Concurrency
// sequences decoding at once the GPU produces TokensPerS tokens per second
// in all.
type Point struct {
	Concurrency int     `json:"concurrency"`
	TokensPerS  float64 `json:"tokens_per_s"`
}

// Curve is a model's throughput against concurrency: Rate(n) is the decode
// speed of each of n sequences sharing the GPU. It is either declared points
// (aggregate speed, linear between points, flat after the last) or the
// fitted form Rate(n) = Single / (1 + Slowdown × (n − 1)).
type Curve struct {
	Points   []Point `json:"points,omitempty"`
	Single   float64 `json:"single_tokens_per_s,omitempty"`
	Slowdown float64 `json:"slowdown,omitempty"`
	// Spread is the standard deviation of a problem's log speed around the
	// curve, seen in the recorded attempts; each simulated problem draws its
	// speed from it.
	Spread float64 `json:"spread"`
	// Source says where the curve came from, for the report.
	Source string `json:"source"`
}

// Rate is one sequence's tokens per second when n decode together.
func (c Curve) Rate(n int) float64 {
	n = max(n, 1)
	if len(c.Points) == 0 {
		return c.Single / (1 + c.Slowdown*float64(n-1))
	}
	p := c.Points
	if n <= p[0].Concurrency {
		return p[0].TokensPerS / float64(p[0].Concurrency)
	}
	for i := 1; i < len(p); i++ {
		if n <= p[i].Concurrency {
			a, b := p[i-1], p[i]
			f := float64(n-a.Concurrency) / float64(b.Concurrency-a.Concurrency)
			return (a.TokensPerS + f*(b.TokensPerS-a.TokensPerS)) / float64(n)
		}
	}
	last := p[len(p)-1]
	return last.TokensPerS / float64(n)
}

// Aggregate is the GPU's total tokens per second with n sequences.
func (c Curve) Aggregate(n int) float64 { return float64(n) * c.Rate(n) }

// finishTimes fills out[i] with the second attempt i finishes when all of
// tokens start together and share the GPU: while k are unfinished each
// decodes at Rate(k) × speed. This is why early stopping saves time and why
// fewer attempts finish sooner.
func (c Curve) finishTimes(tokens []float64, speed float64, out []float64, order []int) {
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case tokens[a] < tokens[b]:
			return -1
		case tokens[a] > tokens[b]:
			return 1
		}
		return 0
	})
	t, done := 0.0, 0.0
	for j, i := range order {
		t += (tokens[i] - done) / (c.Rate(len(order)-j) * speed)
		done = tokens[i]
		out[i] = t
	}
}

// group is one problem's timed attempts, used to fit a curve.
type group struct {
	tokens, times []float64
}

// FitCurve fits Rate(n) = Single / (1 + Slowdown × (n − 1)) to the recorded
// attempts, on the assumption that a problem's attempts started together
// and shared the GPU (as the notebook and aimo's n-sample requests run
// them): for each slowdown on a grid, the single-stream speed that best
// matches the log finish times is closed-form, and the slowdown with the
// smallest squared log error wins. It returns false when fewer than two
// problems have attempts with both tokens and distinct wall times.
func FitCurve(problems []Problem) (Curve, bool) {
	groups := timedGroups(problems)
	if len(groups) < 2 {
		return Curve{}, false
	}
	best, bestErr := Curve{}, math.Inf(1)
	for step := 0; step <= 400; step++ {
		c := Curve{Single: 1, Slowdown: float64(step) / 800}
		logSingle, sq := c.fitScale(groups)
		if sq < bestErr {
			best, bestErr = Curve{Single: math.Exp(logSingle), Slowdown: c.Slowdown}, sq
		}
	}
	best.Spread = best.problemSpread(groups)
	n := 0
	for _, g := range groups {
		for _, t := range g.times {
			if t > 0 {
				n++
			}
		}
	}
	best.Source = fmt.Sprintf("fitted to %d timed attempts of %d problems: %.0f tokens/s alone, %.0f in all at 8 at once (slowdown %.3f), problem speed spread %.2f",
		n, len(groups), best.Single, best.Aggregate(8), best.Slowdown, best.Spread)
	return best, true
}

// fitScale returns the log single-stream speed that best matches the groups
// under c's slowdown, and the squared log error left.
func (c Curve) fitScale(groups []group) (logSingle, sq float64) {
	var res []float64
	for _, g := range groups {
		res = append(res, c.logResiduals(g, 1)...)
	}
	m := mean(res)
	for _, r := range res {
		sq += (r - m) * (r - m)
	}
	return m, sq
}

// logResiduals are log(predicted) − log(recorded) finish times of a group
// at the given speed, for the attempts whose time is compared.
func (c Curve) logResiduals(g group, speed float64) []float64 {
	pred := make([]float64, len(g.tokens))
	c.finishTimes(g.tokens, speed, pred, make([]int, len(g.tokens)))
	var out []float64
	for i := range pred {
		if g.times[i] > 0 {
			out = append(out, math.Log(pred[i])-math.Log(g.times[i]))
		}
	}
	return out
}

// problemSpread is the standard deviation of the problems' mean log speed
// error around their average: how much one problem's speed wanders.
func (c Curve) problemSpread(groups []group) float64 {
	var means []float64
	for _, g := range groups {
		means = append(means, mean(c.logResiduals(g, 1)))
	}
	m, ss := mean(means), 0.0
	for _, x := range means {
		ss += (x - m) * (x - m)
	}
	return math.Sqrt(ss / float64(max(len(means)-1, 1)))
}

// timedGroups keeps, per problem, the attempts with a token count (they
// all shared the GPU) and the wall times to compare (0: not compared). When
// every attempt of a problem has the same wall time (one request for all
// samples reports one latency) only the longest attempt's time is compared:
// its finish is the request's end. Problems with nothing to compare are
// left out.
func timedGroups(problems []Problem) []group {
	var out []group
	for _, p := range problems {
		var g group
		timed, same, first := 0, true, 0.0
		for _, a := range p.Attempts {
			if a.Tokens <= 0 {
				continue
			}
			g.tokens = append(g.tokens, float64(a.Tokens))
			g.times = append(g.times, a.TimeS)
			if a.TimeS > 0 {
				if timed == 0 {
					first = a.TimeS
				}
				same = same && a.TimeS == first
				timed++
			}
		}
		if timed >= 2 && same {
			longest := slices.Index(g.tokens, slices.Max(g.tokens))
			for i := range g.times {
				if i != longest {
					g.times[i] = 0
				}
			}
		}
		if timed > 0 {
			out = append(out, g)
		}
	}
	return out
}

func mean(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}
