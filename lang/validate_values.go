package lang

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// maxNameLen bounds names that become file names (out/NAME/report.md).
const maxNameLen = 100

// values refuses numbers that would be silently accepted and mean nothing
// (or something else than written).
func (c *checker) values(e *Experiment) {
	if len(e.Name) > maxNameLen {
		c.failf("name", "expected at most %d characters (it names the output folder), found %d", maxNameLen, len(e.Name))
	}
	s := e.Sampling
	if s.MinP < 0 || s.MinP > 1 {
		c.failf("sampling.min_p", "expected min_p in [0, 1], found %g", s.MinP)
	}
	if s.TopK < 0 {
		c.failf("sampling.top_k", "expected top_k >= 0 (0: off), found %d", s.TopK)
	}
	if s.Logprobs < 0 {
		c.failf("sampling.logprobs", "expected a number of top logprobs >= 0, found %d", s.Logprobs)
	}
	if e.Seed < 0 {
		c.failf("seed", "expected a seed >= 0, found %d", e.Seed)
	}
	for _, name := range keys(e.Datasets) {
		if d := e.Datasets[name]; d != nil && d.Limit < 0 {
			c.failf("datasets."+name+".limit", "expected a limit >= 0 (0: no limit), found %d", d.Limit)
		}
	}
	axes := map[string]bool{"model": true}
	for _, a := range Axes {
		axes[a.Name] = true
	}
	for _, name := range keys(e.Ensembles) {
		en := e.Ensembles[name]
		if en == nil {
			continue
		}
		for i, m := range en.Members {
			for _, k := range keys(m.Match) {
				if !axes[k] {
					c.oneOf(fmt.Sprintf("ensembles.%s.members[%d].match.%s", name, i, k), "axis", k, keys(axes))
				}
			}
		}
	}
}

// explicitZeroSamples reports whether the evaluated experiment writes
// `samples: 0`, which defaults would otherwise turn into 1.
func explicitZeroSamples(data []byte) bool {
	var top map[string]json.RawMessage
	if json.Unmarshal(data, &top) != nil {
		return false
	}
	v, ok := top["samples"]
	return ok && bytes.Equal(bytes.TrimSpace(v), []byte("0"))
}
