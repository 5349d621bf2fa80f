package render

import (
	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
)

// spend sums what a cell's cached samples cost on one set.
type spend struct {
	samples, tokened, timed int
	tokens                  int64
	seconds                 float64
	problems, perProblem    int // problems, and samples each asks for
	tools                   backends.ToolUse
	toolSamples             int // conversations with turns recorded
}

type costKey struct{ set, cell string }

// costs sums every plan cell's cached completions on every set, then each
// ensemble from its members.
func costs(in *Input) map[costKey]*spend {
	out := map[costKey]*spend{}
	for _, is := range in.Samples {
		c := in.Plan.Cells[is.Item.Cell]
		k := costKey{is.Item.Set, c.Name}
		s := out[k]
		if s == nil {
			s = &spend{perProblem: c.Samples}
			out[k] = s
		}
		s.problems++
		s.addRows(is)
	}
	for _, info := range in.Results.Cells {
		if info.Kind != "ensemble" {
			continue
		}
		for _, set := range in.Results.Sets {
			sum := &spend{}
			for _, m := range info.Members {
				if s := out[costKey{set.Name, m.Cell}]; s != nil {
					sum.merge(s)
				}
			}
			out[costKey{set.Name, info.Name}] = sum
		}
	}
	return out
}

func (s *spend) addRows(is runner.ItemSamples) {
	for _, r := range is.Samples {
		if r == nil || r.Failed() {
			continue
		}
		s.samples++
		if t := r.Completion.CompletionTokens; t > 0 {
			s.tokened++
			s.tokens += int64(t)
		}
		if l := r.Completion.LatencyS; l > 0 {
			s.timed++
			s.seconds += l
		}
		if turns := r.Completion.ToolTurns; turns != nil {
			s.toolSamples++
			s.addTools(backends.Usage(turns))
		}
	}
}

func (s *spend) addTools(u backends.ToolUse) {
	s.tools.Calls += u.Calls
	s.tools.Errors += u.Errors
	s.tools.Seconds += u.Seconds
}

func (s *spend) merge(o *spend) {
	s.samples += o.samples
	s.tokened += o.tokened
	s.timed += o.timed
	s.tokens += o.tokens
	s.seconds += o.seconds
	s.perProblem += o.perProblem
	s.problems = max(s.problems, o.problems)
	s.toolSamples += o.toolSamples
	s.addTools(o.tools)
}

func (s *spend) tokensPerSample() float64 {
	if s == nil || s.tokened == 0 {
		return 0
	}
	return float64(s.tokens) / float64(s.tokened)
}

func (s *spend) secondsPerSample() float64 {
	if s == nil || s.timed == 0 {
		return 0
	}
	return s.seconds / float64(s.timed)
}

func (s *spend) cost(k costKey) Cost {
	n := float64(s.perProblem)
	return Cost{Set: k.set, Cell: k.cell, Samples: s.samples, Tokened: s.tokened, Timed: s.timed,
		TokensPerSample: s.tokensPerSample(), SecondsPerSample: s.secondsPerSample(),
		TokensPerProblem: n * s.tokensPerSample(), SecondsPerProblem: n * s.secondsPerSample()}
}

// costList returns the costs in results order: sets, then cells.
func costList(r *eval.Results, m map[costKey]*spend) []Cost {
	var out []Cost
	for _, set := range r.Sets {
		for _, c := range r.Cells {
			k := costKey{set.Name, c.Name}
			if s := m[k]; s != nil {
				out = append(out, s.cost(k))
			}
		}
	}
	return out
}

// toolList returns the tool use of every cell with recorded conversations,
// in results order.
func toolList(r *eval.Results, m map[costKey]*spend) []ToolUse {
	var out []ToolUse
	for _, set := range r.Sets {
		for _, c := range r.Cells {
			s := m[costKey{set.Name, c.Name}]
			if s == nil || s.toolSamples == 0 {
				continue
			}
			u := ToolUse{Set: set.Name, Cell: c.Name, Samples: s.toolSamples, Calls: s.tools.Calls,
				Errors: s.tools.Errors, Seconds: s.tools.Seconds}
			u.CallsPerSample = float64(u.Calls) / float64(u.Samples)
			u.SecondsPerSample = u.Seconds / float64(u.Samples)
			if u.Calls > 0 {
				u.ErrorRate = float64(u.Errors) / float64(u.Calls)
			}
			out = append(out, u)
		}
	}
	return out
}
