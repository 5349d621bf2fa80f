package runner

import "github.com/aimo-dev/aimo/lang"

// cellAxis is where one matrix axis lives in a cell: set writes the value a
// combination gives the axis, get reads it back.
type cellAxis struct {
	set func(c *Cell, v lang.Value)
	get func(c *Cell) lang.Value
}

func str(s string) lang.Value { return lang.Value{Kind: lang.String, Str: s} }
func num[T int | int64 | float64](n T) lang.Value {
	return lang.Value{Kind: lang.Number, Num: float64(n)}
}

// cellAxes is the one map from a matrix axis to the cell field it sets and
// reads: planning writes cells through it, and ensembles match cells
// through it. Every axis of lang.Axes but model (an adapter or a model,
// which buildCells resolves) has an entry; a test keeps it so.
var cellAxes = map[string]cellAxis{
	"template":         {func(c *Cell, v lang.Value) { c.Template = v.Str }, func(c *Cell) lang.Value { return str(c.Template) }},
	"fewshot":          {func(c *Cell, v lang.Value) { c.Fewshot = v.Int() }, func(c *Cell) lang.Value { return num(c.Fewshot) }},
	"fewshot_strategy": {func(c *Cell, v lang.Value) { c.FewshotStrategy = v.Str }, func(c *Cell) lang.Value { return str(c.FewshotStrategy) }},
	"temperature": {func(c *Cell, v lang.Value) { c.Sampling.Temperature = v.Num },
		func(c *Cell) lang.Value { return num(c.Sampling.Temperature) }},
	"top_p":      {func(c *Cell, v lang.Value) { c.Sampling.TopP = v.Num }, func(c *Cell) lang.Value { return num(c.Sampling.TopP) }},
	"top_k":      {func(c *Cell, v lang.Value) { c.Sampling.TopK = v.Int() }, func(c *Cell) lang.Value { return num(c.Sampling.TopK) }},
	"min_p":      {func(c *Cell, v lang.Value) { c.Sampling.MinP = v.Num }, func(c *Cell) lang.Value { return num(c.Sampling.MinP) }},
	"max_tokens": {func(c *Cell, v lang.Value) { c.Sampling.MaxTokens = v.Int() }, func(c *Cell) lang.Value { return num(c.Sampling.MaxTokens) }},
	"seed":       {func(c *Cell, v lang.Value) { c.Seed = int64(v.Num) }, func(c *Cell) lang.Value { return num(c.Seed) }},
	"reasoning_effort": {func(c *Cell, v lang.Value) { c.Sampling.ReasoningEffort = v.Str },
		func(c *Cell) lang.Value { return str(c.Sampling.ReasoningEffort) }},
}

// Axis is the cell's value on a matrix axis other than model; false for
// model and for names that are not axes.
func (c *Cell) Axis(name string) (lang.Value, bool) {
	a, ok := cellAxes[name]
	if !ok {
		return lang.Value{}, false
	}
	return a.get(c), true
}
