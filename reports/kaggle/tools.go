package kaggle

import (
	"math"

	"github.com/aimo-dev/aimo/backends/tir"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
)

// shippableTools refuses a tool-using cell the notebook cannot hold as the
// sweep held it. The function loop needs a server that parses tool calls
// out of the model's text, which vLLM's offline engine does not do; a
// harmony model's text loop saw only its final channel in the sweep, while
// the offline engine continues the raw text, reasoning included.
func shippableTools(e *lang.Experiment, c runner.Cell) error {
	if c.Tools == nil {
		return nil
	}
	if c.Tools.Format != tir.Text {
		return refuse("template %s calls a python function tool (tool_format: '%s'), which needs a server that parses tool calls; vLLM's offline engine in the notebook does not, so only tool_format: 'text' is exported", c.Template, c.Tools.Format)
	}
	if m := e.Models[c.Model]; m != nil && harmony(m) {
		return refuse("model %s writes gpt-oss's harmony format: the sweep's text tool loop saw only its final channel, the notebook's offline engine would continue the raw text with its reasoning", c.Model)
	}
	return nil
}

// tools is the notebook's tool loop for cell c: the sweep's round limit
// and sandbox limits, defaults filled in as the sweep's pool fills them.
func tools(c runner.Cell) *Tools {
	if c.Tools == nil {
		return nil
	}
	sc := c.Tools.SandboxConfig().WithDefaults()
	return &Tools{Format: c.Tools.Format, MaxRounds: c.Tools.MaxRounds, Version: c.Tools.Version, Sandbox: Sandbox{
		TimeoutS: sc.Timeout.Seconds(), TimeoutText: sc.Timeout.String(), CPUSeconds: wholeSeconds(sc.CPUTime.Seconds()),
		MemoryBytes: sc.MemoryBytes, MaxProcs: sc.MaxProcs, MaxFileBytes: sc.MaxFileBytes,
		MaxOutput: sc.MaxOutput, TracebackLines: sc.TracebackLines,
	}}
}

// wholeSeconds is the sandbox's CPU limit in whole seconds: at least 1,
// or -1 for none.
func wholeSeconds(s float64) int {
	if s < 0 {
		return -1
	}
	return max(int(math.Ceil(s)), 1)
}
