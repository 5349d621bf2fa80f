package budget

import (
	"fmt"
	"math"
	"strconv"

	"github.com/aimo-dev/aimo/reports/vote"
)

// Config describes the Kaggle run and the grid of policies to simulate.
// Zero fields take the AIMO3 defaults (see Defaults), except StartupS,
// MarginS and OverheadS, where zero means none.
type Config struct {
	// Problems per run and the run's hard limit in seconds.
	Problems int     `json:"problems"`
	TotalS   float64 `json:"total_s"`
	// StartupS is spent loading the model before the first problem, inside
	// the limit; MarginS is kept spare, so the notebook plans for TotalS −
	// MarginS; OverheadS is the mean time per problem spent outside its
	// allowance (prompt, gateway, stopping the engine).
	StartupS  float64 `json:"startup_s"`
	MarginS   float64 `json:"margin_s"`
	OverheadS float64 `json:"overhead_s"`
	// Runs is the number of simulated private-set runs (each run twice).
	Runs int   `json:"runs"`
	Seed int64 `json:"seed"`
	// Method is the voting method over the attempts that finished.
	Method string `json:"method"`
	// The policy grid: attempts in parallel, early stop at m agreeing answers
	// (0: off), and the allowance's floor, cap and per-problem reserve.
	Attempts  []int     `json:"attempts"`
	EarlyStop []int     `json:"early_stop"`
	LowS      []float64 `json:"low_s"`
	HighS     []float64 `json:"high_s"`
	ReserveS  []float64 `json:"reserve_s"`
	// Throughput is the declared throughput curve; without it the curve is
	// fitted from the recorded attempts, else TokensPerS is one sequence's
	// speed with DefaultSlowdown.
	Throughput []Point `json:"throughput,omitempty"`
	TokensPerS float64 `json:"tokens_per_s"`
	// MaxRisk is the largest chance of overrunning TotalS a policy may have
	// and still count as safe.
	MaxRisk float64 `json:"max_risk"`
}

// Defaults a Kaggle run gets when the experiment is silent.
const (
	// DefaultMarginS is the spare time kept at the end: the winners of
	// AIMO2 kept ten minutes or more.
	DefaultMarginS = 600
	// DefaultOverheadS is the mean seconds per problem outside its
	// allowance.
	DefaultOverheadS = 2
	// DefaultSlowdown shapes an assumed curve: 8 sequences at once decode
	// at 1/1.28 of one alone each, 6.25 times one alone in all.
	DefaultSlowdown = 0.04
)

// Defaults fills zero fields with the AIMO3 setting: 50 problems, 5 hours,
// 8 attempts stopping at 4 agreeing, clamp(left − 300 × remaining, 300, 900),
// at most a 1% chance of overrunning.
func (c Config) Defaults() Config {
	set := func(f *float64, v float64) {
		if *f == 0 {
			*f = v
		}
	}
	if c.Problems == 0 {
		c.Problems = 50
	}
	set(&c.TotalS, 5*3600)
	set(&c.TokensPerS, 100)
	set(&c.MaxRisk, 0.01)
	if c.Runs == 0 {
		c.Runs = 1000
	}
	if c.Method == "" {
		c.Method = "majority"
	}
	if len(c.Attempts) == 0 {
		c.Attempts = []int{8}
	}
	if len(c.EarlyStop) == 0 {
		c.EarlyStop = []int{4}
	}
	if len(c.LowS) == 0 {
		c.LowS = []float64{300}
	}
	if len(c.HighS) == 0 {
		c.HighS = []float64{900}
	}
	if len(c.ReserveS) == 0 {
		c.ReserveS = []float64{300}
	}
	return c
}

// PlanS is the time the notebook plans to use: the limit less the margin.
func (c Config) PlanS() float64 { return c.TotalS - c.MarginS }

// Policy is one point of the grid.
type Policy struct {
	Attempts  int     `json:"attempts"`
	EarlyStop int     `json:"early_stop"`
	LowS      float64 `json:"low_s"`
	HighS     float64 `json:"high_s"`
	ReserveS  float64 `json:"reserve_s"`
}

// String names a policy as "8x stop4 clamp(300,900) reserve300".
func (p Policy) String() string {
	stop := "no stop"
	if p.EarlyStop > 0 {
		stop = "stop" + strconv.Itoa(p.EarlyStop)
	}
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return fmt.Sprintf("%dx %s clamp(%s,%s) reserve%s", p.Attempts, stop, f(p.LowS), f(p.HighS), f(p.ReserveS))
}

// Clamp names the policy's time part: "clamp(300,900) reserve300".
func (p Policy) Clamp() string {
	f := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return fmt.Sprintf("clamp(%s,%s) reserve%s", f(p.LowS), f(p.HighS), f(p.ReserveS))
}

// Allowance is the seconds the policy gives the next problem when timeLeft
// remains and left problems come after it.
func (p Policy) Allowance(timeLeft float64, left int) float64 {
	a := min(max(timeLeft-p.ReserveS*float64(left), p.LowS), p.HighS)
	return max(0, min(a, timeLeft))
}

// Grid expands the policy lists in order: attempts, early stop, low, high,
// reserve. Early stops that cannot fire (m > attempts) and floors above caps
// are left out.
func (c Config) Grid() []Policy {
	var out []Policy
	for _, a := range c.Attempts {
		for _, m := range c.EarlyStop {
			for _, lo := range c.LowS {
				for _, hi := range c.HighS {
					for _, r := range c.ReserveS {
						if m > a || lo > hi {
							continue
						}
						out = append(out, Policy{a, m, lo, hi, r})
					}
				}
			}
		}
	}
	return out
}

// Validate reports a config that cannot be simulated.
func (c Config) Validate() error {
	if _, err := vote.Vote(c.Method, nil, vote.Options{}); err != nil {
		return fmt.Errorf("budget: %w", err)
	}
	if c.Problems <= 0 || c.TotalS <= 0 || c.Runs <= 0 {
		return fmt.Errorf("budget: problems, total_s and runs must be positive")
	}
	if c.MarginS < 0 || c.StartupS < 0 || c.OverheadS < 0 || c.StartupS+c.MarginS >= c.TotalS {
		return fmt.Errorf("budget: startup_s %g and margin_s %g leave no time of total_s %g", c.StartupS, c.MarginS, c.TotalS)
	}
	if len(c.Grid()) == 0 {
		return fmt.Errorf("budget: the policy grid is empty (early_stop above attempts, or low_s above high_s everywhere)")
	}
	for _, a := range c.Attempts {
		if a <= 0 {
			return fmt.Errorf("budget: attempts must be positive, got %d", a)
		}
	}
	return nil
}

// LoadEstimate is the seconds to load a model of paramsB billion parameters
// stored at precision: its bytes read at 300 MB/s (Kaggle's attached inputs,
// cold) plus 90 s to start the engine (CUDA graphs, the KV cache). Unknown
// sizes get 600 s.
func LoadEstimate(paramsB float64, precision string) float64 {
	if paramsB <= 0 {
		return 600
	}
	bytesPer := map[string]float64{"fp32": 4, "bf16": 2, "fp16": 2, "fp8": 1, "int8": 1, "mxfp4": 0.53, "int4": 0.53}[precision]
	if bytesPer == 0 {
		bytesPer = 2
	}
	return math.Round(90 + paramsB*bytesPer/0.3)
}
