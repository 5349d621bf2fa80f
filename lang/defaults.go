package lang

import (
	"sort"

	"github.com/aimo-dev/aimo/internal/answer"
	"github.com/aimo-dev/aimo/internal/files"
)

// Defaults a user gets when a field is left out. They live here, not in the
// Jsonnet library, so a file that skips aimo.experiment behaves the same.
const (
	DefaultTemperature = 0.6
	DefaultTopP        = 0.95
	DefaultMaxTokens   = 4096
	DefaultTemplate    = "step_by_step"
	// Tool settings; the sandbox and the tool loop use the same numbers.
	DefaultMaxRounds = 16
	DefaultToolTimeS = 6.0
	DefaultMemoryMB  = 2048
	DefaultMaxOutput = 4096
	// Limits an experiment may raise (limits.cells, .requests, .file_mb).
	DefaultMaxCells    = 200_000
	DefaultMaxRequests = 5_000_000
	DefaultMaxFileMB   = files.DefaultMaxMB
)

// ToolFormats are the values a template's tool_format accepts.
var ToolFormats = []string{"function", "text"}

// VotingMethods are the values the voting.method axis accepts, sorted. The
// language owns the list; the voting engine (reports/vote), the Kaggle
// notebook's port and docs/language.md are each tested to implement exactly
// these, so the language can neither accept a method the engine lacks nor
// refuse one it has.
var VotingMethods = []string{
	"confidence_weighted", "entropy_weighted", "majority", "max_confidence",
	"median_confidence", "numeric_average", "score_weighted", "unanimous",
}

// FallbackNames are the answer-extraction fallbacks grading.fallbacks
// accepts: the extractor's own list, in its order.
var FallbackNames = answer.Fallbacks

// DefaultFallbacks are the fallbacks used when grading.fallbacks is left out.
var DefaultFallbacks = answer.DefaultFallbacks

func applyDefaults(e *Experiment) {
	defaultLimits(&e.Limits)
	if e.Samples == 0 {
		e.Samples = 1
	}
	if e.Sampling.Temperature == nil {
		t := DefaultTemperature
		e.Sampling.Temperature = &t
	}
	if e.Sampling.TopP == nil {
		p := DefaultTopP
		e.Sampling.TopP = &p
	}
	if e.Sampling.MaxTokens == 0 {
		e.Sampling.MaxTokens = DefaultMaxTokens
	}
	if e.Grading.Fallbacks == nil {
		e.Grading.Fallbacks = append([]string(nil), DefaultFallbacks...)
	}
	defaultVoting(e)
	defaultEvaluate(e)
	if e.Fewshot.Strategy == "" {
		e.Fewshot.Strategy = "random"
	}
	if e.Fewshot.Pool == "" && e.Splits != nil {
		if _, ok := e.Splits.Fractions["train"]; ok {
			e.Fewshot.Pool = "train"
		}
	}
	for _, m := range e.Models {
		if m != nil && m.Endpoint == "" {
			m.Endpoint = "chat"
		}
	}
	for _, t := range e.Templates {
		if t != nil && t.Format == "" {
			t.Format = "chat"
		}
		if t != nil && len(t.Tools) > 0 && t.ToolFormat == "" {
			t.ToolFormat = "text"
		}
	}
	defaultTools(&e.Tools)
	for _, a := range e.Adapters {
		if a != nil {
			defaultAdapter(a)
		}
	}
	defaultMatrix(e)
	if e.Select.Metric == "" {
		e.Select.Metric = "accuracy"
	}
	if e.Select.On == "" && len(e.Evaluate) > 0 {
		e.Select.On = e.Evaluate[0]
	}
}

func defaultTools(t *Tools) {
	if t.MaxRounds == 0 {
		t.MaxRounds = DefaultMaxRounds
	}
	if t.TimeoutS == 0 {
		t.TimeoutS = DefaultToolTimeS
	}
	if t.MemoryMB == 0 {
		t.MemoryMB = DefaultMemoryMB
	}
	if t.MaxOutput == 0 {
		t.MaxOutput = DefaultMaxOutput
	}
}

func defaultVoting(e *Experiment) {
	if len(e.Voting.Method) == 0 {
		e.Voting.Method = []string{"majority"}
	}
	if len(e.Voting.K) == 0 {
		e.Voting.K = []int{e.Samples}
	}
	if len(e.Voting.EarlyStop) == 0 {
		e.Voting.EarlyStop = []int{0}
	}
}

func defaultEvaluate(e *Experiment) {
	if len(e.Evaluate) > 0 {
		return
	}
	if e.Splits != nil {
		for name := range e.Splits.Fractions {
			if name != e.Fewshot.Pool && name != "train" {
				e.Evaluate = append(e.Evaluate, name)
			}
		}
	}
	if len(e.Evaluate) == 0 {
		for name := range e.Datasets {
			e.Evaluate = append(e.Evaluate, name)
		}
	}
	sort.Strings(e.Evaluate)
}

func defaultAdapter(a *Adapter) {
	if len(a.R) == 0 {
		a.R = []int{16}
	}
	if len(a.Alpha) == 0 {
		a.Alpha = []int{32}
	}
	if len(a.Dropout) == 0 {
		a.Dropout = []float64{0.05}
	}
	if len(a.LR) == 0 {
		a.LR = []float64{2e-4}
	}
	if len(a.Epochs) == 0 {
		a.Epochs = []int{1}
	}
	if len(a.BatchSize) == 0 {
		a.BatchSize = []int{4}
	}
	if len(a.WarmupSteps) == 0 {
		a.WarmupSteps = []int{0}
	}
	if a.MaxSeqLen == 0 {
		a.MaxSeqLen = 2048
	}
	if a.Template == "" {
		a.Template = DefaultTemplate
	}
	if a.GradAccum == 0 {
		a.GradAccum = 1
	}
	if a.EvalSteps == 0 {
		a.EvalSteps = 50
	}
	if a.Precision == "" {
		a.Precision = "bf16"
	}
	if a.Device == "" {
		a.Device = "auto"
	}
}

// defaultMatrix gives a matrix without a model axis the only model there is,
// and without a template axis the default template.
func defaultMatrix(e *Experiment) {
	has := map[string]bool{}
	for _, a := range e.Matrix.Axes {
		has[a.Name] = true
	}
	for _, g := range e.Matrix.Zip {
		for _, a := range g {
			has[a.Name] = true
		}
	}
	if !has["model"] && len(e.Models)+len(e.Adapters) == 1 {
		for name := range e.Models {
			e.Matrix.Axes = append(e.Matrix.Axes, Axis{Name: "model", Values: []Value{{Kind: String, Str: name}}})
		}
		for name := range e.Adapters {
			e.Matrix.Axes = append(e.Matrix.Axes, Axis{Name: "model", Values: []Value{{Kind: String, Str: name}}})
		}
	}
	if !has["template"] {
		e.Matrix.Axes = append(e.Matrix.Axes, Axis{Name: "template", Values: []Value{{Kind: String, Str: DefaultTemplate}}})
	}
	sortAxes(e.Matrix.Axes)
}
