package lang

import "fmt"

// matrix checks that every axis value names something that exists and is in
// range, wherever it appears: axes, zip groups, conditional axes, excludes and
// includes.
func (c *checker) matrix(e *Experiment) {
	m := &e.Matrix
	models := append(keys(e.Models), keys(e.Adapters)...)
	check := func(path, axis string, v Value) {
		switch axis {
		case "model":
			c.oneOf(path, "model", v.Str, models)
		case "template":
			c.oneOf(path, "template", v.Str, keys(e.Templates))
		case "fewshot_strategy":
			c.oneOf(path, "few-shot strategy", v.Str, FewshotStrategies)
		case "reasoning_effort":
			c.oneOf(path, "reasoning effort", v.Str, ReasoningEfforts)
		case "fewshot", "top_k", "max_tokens", "seed":
			if v.Num < 0 || (axis == "max_tokens" && v.Num == 0) {
				c.failf(path, "expected a non-negative integer, found %s", v)
			}
		case "temperature", "min_p":
			if v.Num < 0 {
				c.failf(path, "expected a value >= 0, found %s", v)
			}
		case "top_p":
			if v.Num <= 0 || v.Num > 1 {
				c.failf(path, "expected top_p in (0, 1], found %s", v)
			}
		}
	}
	axes := func(path string, list []Axis) {
		for _, a := range list {
			for i, v := range a.Values {
				if v.Kind != Null {
					check(fmt.Sprintf("%s.%s[%d]", path, a.Name, i), a.Name, v)
				}
			}
		}
	}
	combos := func(path string, list []map[string]Value) {
		for i, combo := range list {
			for _, k := range keys(combo) {
				if v := combo[k]; v.Kind != Null {
					check(fmt.Sprintf("%s[%d].%s", path, i, k), k, v)
				}
			}
		}
	}
	axes("matrix", m.Axes)
	seen := map[string]string{}
	for _, a := range m.Axes {
		seen[a.Name] = "matrix." + a.Name
	}
	for i, g := range m.Zip {
		p := fmt.Sprintf("matrix.zip[%d]", i)
		axes(p, g)
		for _, a := range g {
			if prev, dup := seen[a.Name]; dup && a.Name != "" {
				c.failf(p+"."+a.Name, "axis %s is already varied by %s", a.Name, prev)
			}
			seen[a.Name] = p + "." + a.Name
		}
	}
	if _, ok := seen["model"]; !ok {
		c.failf("matrix.model", "list the models to run (there are %d to choose from)", len(models))
	}
	for i, w := range m.When {
		p := fmt.Sprintf("matrix.when[%d]", i)
		combos(p+".match", []map[string]Value{w.Match})
		axes(p+".axes", w.Axes)
	}
	combos("matrix.exclude", m.Exclude)
	combos("matrix.include", m.Include)
}
