package lang

import (
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
)

// checker collects semantic errors: references between sections, ranges, and
// combinations the schema alone cannot rule out.
type checker struct {
	errs []*FieldError
}

func (c *checker) failf(path, format string, args ...any) {
	c.errs = append(c.errs, &FieldError{Path: path, Msg: fmt.Sprintf(format, args...)})
}

// oneOf checks that value is one of valid, suggesting the closest.
func (c *checker) oneOf(path, what, value string, valid []string) {
	for _, v := range valid {
		if v == value {
			return
		}
	}
	msg := fmt.Sprintf("unknown %s %q", what, value)
	if s := closest(value, valid); s != "" {
		msg += fmt.Sprintf("; did you mean %q?", s)
	} else if len(valid) > 0 {
		msg += "; expected one of " + strings.Join(valid, ", ")
	} else {
		msg += fmt.Sprintf("; no %ss are defined", what)
	}
	c.failf(path, "%s", msg)
}

var namePattern = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)

func validate(e *Experiment) []*FieldError {
	c := &checker{}
	if !namePattern.MatchString(e.Name) {
		c.failf("name", "expected a name of letters, digits, '.', '_' or '-', found %q", e.Name)
	}
	c.datasets(e)
	c.splits(e)
	c.models(e)
	c.adapters(e)
	c.templates(e)
	c.matrix(e)
	c.run(e)
	c.values(e)
	c.kaggle(e)
	c.limits(e)
	return c.errs
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

var datasetFields = []string{"answer", "id", "level", "problem", "solution", "subject"}

func (c *checker) datasets(e *Experiment) {
	if len(e.Datasets) == 0 {
		c.failf("datasets", "at least one dataset is required")
	}
	for _, name := range keys(e.Datasets) {
		d, p := e.Datasets[name], "datasets."+name
		if d == nil {
			c.failf(p, "expected a dataset, found null")
			continue
		}
		c.oneOf(p+".format", "format", d.Format, []string{"csv", "gsm8k", "jsonl", "math"})
		if d.Path == "" {
			c.failf(p+".path", "a dataset needs a path")
		}
		if d.Answers != "" {
			c.oneOf(p+".answers", "answer kind", d.Answers, []string{"any", "integer"})
		}
		if r := d.AnswerRange; r != nil && (len(r) != 2 || r[0] > r[1]) {
			c.failf(p+".answer_range", "expected [low, high] with low <= high, found %v", r)
		}
		if d.Modulus < 0 {
			c.failf(p+".modulus", "expected a positive modulus, found %d", d.Modulus)
		}
		for _, k := range keys(d.Fields) {
			c.oneOf(p+".fields."+k, "field", k, datasetFields)
		}
	}
}

// SetNames are the names evaluate, select and few-shot pools may refer to:
// split names and dataset names.
func (e *Experiment) SetNames() []string {
	names := keys(e.Datasets)
	if e.Splits != nil {
		names = append(names, keys(e.Splits.Fractions)...)
	}
	sort.Strings(names)
	return names
}

func (c *checker) splits(e *Experiment) {
	s := e.Splits
	if s == nil {
		return
	}
	c.oneOf("splits.dataset", "dataset", s.Dataset, keys(e.Datasets))
	if len(s.Fractions) < 2 {
		c.failf("splits.fractions", "expected at least two named fractions, found %d", len(s.Fractions))
	}
	sum := 0.0
	for _, name := range keys(s.Fractions) {
		f := s.Fractions[name]
		if f <= 0 || f >= 1 {
			c.failf("splits.fractions."+name, "expected a fraction between 0 and 1, found %g", f)
		}
		if _, clash := e.Datasets[name]; clash {
			c.failf("splits.fractions."+name, "split name %q is also a dataset name", name)
		}
		sum += f
	}
	if math.Abs(sum-1) > 1e-9 && len(s.Fractions) >= 2 {
		c.failf("splits.fractions", "fractions must sum to 1, they sum to %g", sum)
	}
}

func (c *checker) models(e *Experiment) {
	if len(e.Models) == 0 {
		c.failf("models", "at least one model is required")
	}
	for _, name := range keys(e.Models) {
		m, p := e.Models[name], "models."+name
		if m == nil {
			c.failf(p, "expected a model, found null")
			continue
		}
		c.oneOf(p+".backend", "backend", m.Backend, Backends)
		c.oneOf(p+".endpoint", "endpoint", m.Endpoint, []string{"chat", "completions"})
		switch m.Backend {
		case "openai":
			if len(m.BaseURLs) == 0 {
				c.failf(p+".base_urls", "an openai model needs at least one base URL")
			}
		case "replay":
			if m.Replay == nil || m.Replay.Path == "" {
				c.failf(p+".replay.path", "a replay model needs a file of recorded generations")
			} else if m.Replay.Fields.Text == "" {
				c.failf(p+".replay.fields.text", "name the field that holds the generated text")
			}
		}
		c.managed(p, m)
		c.placement(p, m)
		if (m.Backend == "openai" || m.Backend == "vllm" || m.Backend == "hf") && m.Name == "" {
			c.failf(p+".name", "a model needs the name its server knows it by")
		}
		if m.Concurrency < 0 || m.Retries != nil && *m.Retries < 0 || m.TimeoutS < 0 {
			c.failf(p, "concurrency, retries and timeout_s must not be negative")
		}
		if _, clash := e.Adapters[name]; clash {
			c.failf(p, "model name %q is also an adapter name", name)
		}
	}
}

func (c *checker) adapters(e *Experiment) {
	for _, name := range keys(e.Adapters) {
		a, p := e.Adapters[name], "adapters."+name
		if a == nil {
			c.failf(p, "expected an adapter, found null")
			continue
		}
		c.oneOf(p+".base", "model", a.Base, keys(e.Models))
		c.oneOf(p+".train", "split or dataset", a.Train, e.SetNames())
		c.oneOf(p+".template", "template", a.Template, keys(e.Templates))
		for i, r := range a.R {
			if r <= 0 {
				c.failf(fmt.Sprintf("%s.r[%d]", p, i), "expected a positive rank, found %d", r)
			}
		}
		for i, lr := range a.LR {
			if lr <= 0 || lr >= 1 {
				c.failf(fmt.Sprintf("%s.lr[%d]", p, i), "expected a learning rate in (0, 1), found %g", lr)
			}
		}
		c.training(p, a, e)
		c.launcher(p+".launcher", a.Launcher)
	}
}

func (c *checker) templates(e *Experiment) {
	for _, name := range keys(e.Templates) {
		t, p := e.Templates[name], "templates."+name
		if t == nil {
			c.failf(p, "expected a template, found null")
			continue
		}
		c.oneOf(p+".format", "template format", t.Format, []string{"chat", "completion"})
		if !strings.Contains(t.User, "{problem}") {
			c.failf(p+".user", "the user turn must contain {problem}")
		}
		for i, tool := range t.Tools {
			c.oneOf(fmt.Sprintf("%s.tools[%d]", p, i), "tool", tool, []string{"python"})
		}
		if t.ToolFormat != "" {
			c.oneOf(p+".tool_format", "tool format", t.ToolFormat, ToolFormats)
			if len(t.Tools) == 0 {
				c.failf(p+".tool_format", "a tool format without tools: add tools: ['python']")
			}
		}
		if t.ToolFormat == "function" && t.Format != "chat" {
			c.failf(p+".tool_format", "function tools need a chat template (format: 'chat'), found format %q", t.Format)
		}
	}
	c.tools(e.Tools)
}

func (c *checker) tools(t Tools) {
	if t.MaxRounds < 1 {
		c.failf("tools.max_rounds", "expected at least 1 round, found %d", t.MaxRounds)
	}
	if t.TimeoutS <= 0 {
		c.failf("tools.timeout_s", "expected a positive number of seconds, found %g", t.TimeoutS)
	}
	if t.MemoryMB < 64 {
		c.failf("tools.memory_mb", "expected at least 64 MB, found %d", t.MemoryMB)
	}
	if t.MaxOutput < 1 {
		c.failf("tools.max_output", "expected a positive number of bytes, found %d", t.MaxOutput)
	}
}

func (c *checker) run(e *Experiment) {
	if e.Samples < 1 {
		c.failf("samples", "expected at least 1 sample per problem, found %d", e.Samples)
	}
	if e.Sampling.MaxTokens < 1 {
		c.failf("sampling.max_tokens", "expected a positive token limit, found %d", e.Sampling.MaxTokens)
	}
	if t := *e.Sampling.Temperature; t < 0 {
		c.failf("sampling.temperature", "expected a temperature >= 0, found %g", t)
	}
	if p := *e.Sampling.TopP; p <= 0 || p > 1 {
		c.failf("sampling.top_p", "expected top_p in (0, 1], found %g", p)
	}
	if r := e.Sampling.ReasoningEffort; r != "" {
		c.oneOf("sampling.reasoning_effort", "reasoning effort", r, ReasoningEfforts)
	}
	for i, f := range e.Grading.Fallbacks {
		c.oneOf(fmt.Sprintf("grading.fallbacks[%d]", i), "fallback", f, FallbackNames)
	}
	sets := e.SetNames()
	for i, s := range e.Evaluate {
		c.oneOf(fmt.Sprintf("evaluate[%d]", i), "split or dataset", s, sets)
	}
	if e.Fewshot.Pool != "" {
		c.oneOf("fewshot.pool", "split or dataset", e.Fewshot.Pool, sets)
	}
	c.oneOf("fewshot.strategy", "few-shot strategy", e.Fewshot.Strategy, FewshotStrategies)
	c.voting(e)
	c.budget(e)
	c.oneOf("select.on", "evaluated set", e.Select.On, e.Evaluate)
	if e.Select.Confirm != "" {
		c.oneOf("select.confirm", "evaluated set", e.Select.Confirm, e.Evaluate)
		c.confirmation(e)
	}
	c.oneOf("select.metric", "metric", e.Select.Metric, []string{"accuracy"})
}

// confirmation refuses a confirmation set that shares problems with the
// selection set by construction: the same set, or a split and the dataset it
// is cut from. Overlap between different datasets shows only in their
// problems, which dataset.LoadAll checks.
func (c *checker) confirmation(e *Experiment) {
	on, confirm := e.Select.On, e.Select.Confirm
	switch {
	case confirm == on:
		c.failf("select.confirm", "the confirmation set %q is the selection set; confirm on a set the winner was not chosen on, such as another split", confirm)
	case e.splitOf(on) == confirm:
		c.failf("select.confirm", "%q contains the selection split %q, which is cut from it: the winner would be confirmed on problems it was chosen on; confirm on another split of %q", confirm, on, confirm)
	case e.splitOf(confirm) == on:
		c.failf("select.confirm", "the confirmation split %q is cut from the selection set %q: the winner would be confirmed on problems it was chosen on; select on another split of %q", confirm, on, on)
	}
}

// splitOf names the dataset a split is cut from ("" for a dataset name).
func (e *Experiment) splitOf(name string) string {
	if e.Splits == nil {
		return ""
	}
	if _, ok := e.Splits.Fractions[name]; ok {
		return e.Splits.Dataset
	}
	return ""
}

// FewshotStrategies are the values fewshot.strategy accepts.
var FewshotStrategies = []string{"fixed", "random", "same_category"}

func (c *checker) voting(e *Experiment) {
	for i, m := range e.Voting.Method {
		c.oneOf(fmt.Sprintf("voting.method[%d]", i), "voting method", m, VotingMethods)
	}
	if e.Samples < 1 {
		return // the samples error already says it; k and m would only echo it
	}
	for i, k := range e.Voting.K {
		if k < 1 || k > e.Samples {
			c.failf(fmt.Sprintf("voting.k[%d]", i), "expected k between 1 and samples (%d), found %d", e.Samples, k)
		}
	}
	for i, m := range e.Voting.EarlyStop {
		if m < 0 || m > e.Samples {
			c.failf(fmt.Sprintf("voting.early_stop[%d]", i), "expected 0 (off) or m between 1 and samples (%d), found %d", e.Samples, m)
		}
	}
	for _, name := range keys(e.Ensembles) {
		en := e.Ensembles[name]
		if en == nil || len(en.Members) == 0 {
			c.failf("ensembles."+name+".members", "an ensemble needs at least one member")
			continue
		}
		if en.Method == "" {
			en.Method = "majority"
		}
		c.oneOf("ensembles."+name+".method", "voting method", en.Method, VotingMethods)
	}
}

func (c *checker) budget(e *Experiment) {
	b := e.Budget
	if b == nil {
		return
	}
	if b.Problems < 0 || b.TotalS < 0 || b.StartupS < 0 || b.TokensPerS < 0 || b.Runs < 0 {
		c.failf("budget", "problems, total_s, startup_s, tokens_per_s and runs must not be negative")
	}
	if b.MarginS != nil && (*b.MarginS < 0 || b.TotalS > 0 && *b.MarginS >= b.TotalS) {
		c.failf("budget.margin_s", "expected seconds in [0, total_s), found %g", *b.MarginS)
	}
	if b.OverheadS != nil && *b.OverheadS < 0 {
		c.failf("budget.overhead_s", "expected seconds >= 0, found %g", *b.OverheadS)
	}
	for _, model := range keys(b.Throughput) {
		p := "budget.throughput." + model
		c.oneOf(p, "model", model, keys(e.Models))
		curve := b.Throughput[model]
		for i, t := range curve {
			if t.Concurrency < 1 || t.TokensPerS <= 0 {
				c.failf(fmt.Sprintf("%s[%d]", p, i), "expected concurrency >= 1 and tokens_per_s > 0, found %d and %g", t.Concurrency, t.TokensPerS)
			}
			if i > 0 && t.Concurrency <= curve[i-1].Concurrency {
				c.failf(fmt.Sprintf("%s[%d]", p, i), "list the points by increasing concurrency")
			}
		}
	}
	if b.MaxRisk < 0 || b.MaxRisk >= 1 {
		c.failf("budget.max_risk", "expected a probability in [0, 1), found %g", b.MaxRisk)
	}
	for i, a := range b.Attempts {
		if a < 1 || a > e.Samples {
			c.failf(fmt.Sprintf("budget.attempts[%d]", i), "expected 1 to samples (%d) parallel attempts, found %d", e.Samples, a)
		}
	}
	if b.Method != "" {
		c.oneOf("budget.method", "voting method", b.Method, VotingMethods)
	}
}
