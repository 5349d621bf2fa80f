package runner

import (
	"bytes"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/lang"
)

// fitPlan is a one-cell plan of a 40B model, whose bf16 weights (80 GB) do
// not fit an 80 GB GPU's vLLM share but fit a 141 GB one.
func fitPlan(t *testing.T) *Plan {
	t.Helper()
	e := &lang.Experiment{Name: "fit", Samples: 1, Models: map[string]*lang.Model{
		"big": {Backend: "openai", Name: "big", Info: &lang.ModelInfo{ParamsB: 40, ActiveParamsB: 40}},
	}}
	p := &Plan{Experiment: "fit", Cells: []Cell{{Name: "big", Model: "big", Samples: 1}}, Problems: 1, GPUMemoryGB: DefaultGPUMemoryGB}
	p.Models = modelUse(e, p)
	return p
}

// TestCheckFitIsThePlansOwn: the GPU size travels with the plan, so two
// plans checked for different GPUs keep their own answers and tables.
func TestCheckFitIsThePlansOwn(t *testing.T) {
	small, large := fitPlan(t), fitPlan(t)
	large.CheckFit(141)
	if small.Models[0].Fits["bf16"] {
		t.Errorf("80 GB of weights fit an 80 GB GPU")
	}
	if !large.Models[0].Fits["bf16"] {
		t.Errorf("80 GB of weights do not fit a 141 GB GPU")
	}
	if small.GPUMemoryGB != 80 || large.GPUMemoryGB != 141 {
		t.Errorf("plans record %g and %g GB", small.GPUMemoryGB, large.GPUMemoryGB)
	}
	for _, tc := range []struct {
		p    *Plan
		want string
	}{{small, "does not fit one 80 GB GPU"}, {large, "does not fit one 141 GB GPU"}} {
		var b bytes.Buffer
		if err := tc.p.WriteTable(&b); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tc.want) {
			t.Errorf("table does not say %q:\n%s", tc.want, b.String())
		}
	}
}
