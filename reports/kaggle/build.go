package kaggle

import (
	"fmt"
	"slices"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/budget"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// Choice is what to export: a cell of the plan, its selected voting setting
// and the time policy.
type Choice struct {
	Cell runner.Cell
	// Setting, Method, K and EarlyStop are the selected voting setting:
	// the notebook runs K attempts and stops at EarlyStop agreeing.
	Setting   string
	Method    string
	K         int
	EarlyStop int
	// Clamp is the time policy's low, high and reserve; Budget the run's
	// problems, limit and margin.
	Clamp  budget.Policy
	Budget budget.Config
	// Trainings are the plan's adapters, for the adapter's grid.
	Trainings []runner.Training
}

// RefusalError says why a choice cannot be shipped, in one line.
type RefusalError struct{ Reason string }

func (e *RefusalError) Error() string { return "cannot export: " + e.Reason }

func refuse(format string, args ...any) error {
	return &RefusalError{Reason: fmt.Sprintf(format, args...)}
}

// Build assembles the config of a choice, or refuses one the notebook
// cannot run as it was measured. The few-shot examples are drawn for a
// problem the pool cannot contain, so they are the same for every Kaggle
// problem.
func Build(e *lang.Experiment, cat *dataset.Catalog, ch Choice, r answer.Range) (*Config, error) {
	c := ch.Cell
	if err := Shippable(e, c, ch.Method); err != nil {
		return nil, err
	}
	m, err := model(e, ch)
	if err != nil {
		return nil, err
	}
	cfg := &Config{Experiment: e.Name, Cell: c.Name, Setting: ch.Setting, Model: m, Offline: offline(e.Kaggle),
		Sampling:   sampling(c.Sampling, c.Seed),
		Extraction: Extraction{Fallbacks: fallbacks(e), Lo: r.Lo, Hi: r.Hi, Modulus: r.Modulus},
		Voting:     Voting{Method: ch.Method, Attempts: ch.K, EarlyStop: ch.EarlyStop},
		Time: Time{TotalS: ch.Budget.TotalS, MarginS: ch.Budget.MarginS, Problems: ch.Budget.Problems,
			ReserveS: ch.Clamp.ReserveS, LowS: ch.Clamp.LowS, HighS: ch.Clamp.HighS, GraceS: DefaultGraceS},
		Tools:          tools(c),
		FallbackAnswer: FallbackAnswer(r),
		LocalTestCSV:   lang.KaggleInput + competition(e.Kaggle) + "/test.csv",
	}
	if cfg.Prompt, err = renderPrompt(e, cat, c); err != nil {
		return nil, err
	}
	return cfg, nil
}

// entropyMethods weigh attempts by token entropy, which the notebook
// computes from vLLM's logprobs.
var entropyMethods = []string{"confidence_weighted", "entropy_weighted", "max_confidence", "median_confidence"}

// Shippable refuses a cell and method the notebook cannot run as measured.
func Shippable(e *lang.Experiment, c runner.Cell, method string) error {
	switch {
	case method == "score_weighted":
		return refuse("%s votes by a reward model's scores, which the notebook does not have", method)
	case slices.Contains(entropyMethods, method) && c.Sampling.Logprobs == 0:
		return refuse("%s weighs attempts by token entropy, but cell %s requested no logprobs (set sampling.logprobs), so the sweep weighed them by another signal", method, c.Name)
	}
	return shippableTools(e, c)
}

func fallbacks(e *lang.Experiment) []string {
	if e.Grading.Fallbacks == nil {
		return answer.DefaultFallbacks
	}
	return e.Grading.Fallbacks
}

func sampling(s backends.Sampling, seed int64) Sampling {
	return Sampling{Temperature: s.Temperature, TopP: s.TopP, TopK: s.TopK, MinP: s.MinP, MaxTokens: s.MaxTokens,
		Stop: s.Stop, Logprobs: s.Logprobs, ReasoningEffort: s.ReasoningEffort, Seed: seed}
}

func competition(k *lang.Kaggle) string {
	if k == nil || k.Competition == "" {
		return lang.DefaultCompetition
	}
	return k.Competition
}

func offline(k *lang.Kaggle) Offline {
	if k == nil {
		return Offline{Preload: true}
	}
	o := Offline{Wheels: k.Wheels, Tiktoken: k.Tiktoken, Preload: k.Preload == nil || *k.Preload}
	if o.Wheels != "" {
		o.Packages = []string{"vllm"}
	}
	return o
}
