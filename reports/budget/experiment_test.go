package budget

import (
	"slices"
	"testing"

	"github.com/aimo-dev/aimo/lang"
)

func TestForExperiment(t *testing.T) {
	zero, ten := 0.0, 10.0
	model := &lang.Model{Info: &lang.ModelInfo{ParamsB: 20, NativePrecision: "mxfp4"}}
	base := func(b *lang.Budget) *lang.Experiment {
		return &lang.Experiment{Seed: 7, Models: map[string]*lang.Model{"m": model},
			Voting: lang.Voting{EarlyStop: []int{0, 4}}, Budget: b}
	}
	for _, tc := range []struct {
		name  string
		e     *lang.Experiment
		check func(t *testing.T, c Config)
	}{
		{"no budget block: the setting, the voting grid's stops and the AIMO3 defaults", base(nil), func(t *testing.T, c Config) {
			if c.Method != "score_weighted" || !slices.Equal(c.Attempts, []int{8}) || !slices.Equal(c.EarlyStop, []int{0, 4}) {
				t.Errorf("method %s, attempts %v, early stop %v", c.Method, c.Attempts, c.EarlyStop)
			}
			if c.Problems != 50 || c.TotalS != 18000 || c.MarginS != DefaultMarginS || c.OverheadS != DefaultOverheadS || c.Seed != 7 {
				t.Errorf("defaults: %+v", c)
			}
			if want := LoadEstimate(20, "mxfp4"); c.StartupS != want {
				t.Errorf("startup %g, want the size estimate %g", c.StartupS, want)
			}
		}},
		{"the block's own values win, a zero margin included", base(&lang.Budget{
			Problems: 10, TotalS: 3600, Attempts: []int{4, 16}, EarlyStop: []int{3}, Method: "majority",
			StartupS: 90, MarginS: &zero, OverheadS: &ten, Seed: 3, PerProblemS: []float64{300},
			Throughput: map[string][]lang.Throughput{"m": {{Concurrency: 8, TokensPerS: 900}}, "other": {{Concurrency: 1, TokensPerS: 1}}},
		}), func(t *testing.T, c Config) {
			if c.Problems != 10 || c.TotalS != 3600 || c.Method != "majority" || c.StartupS != 90 || c.MarginS != 0 || c.OverheadS != 10 || c.Seed != 3 {
				t.Errorf("config: %+v", c)
			}
			if !slices.Equal(c.Attempts, []int{4, 16}) || !slices.Equal(c.EarlyStop, []int{3}) || !slices.Equal(c.HighS, []float64{300}) {
				t.Errorf("grid: attempts %v, early stop %v, caps %v", c.Attempts, c.EarlyStop, c.HighS)
			}
			if len(c.Throughput) != 1 || c.Throughput[0].TokensPerS != 900 {
				t.Errorf("throughput %v, want the model's own curve", c.Throughput)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, ForExperiment(tc.e, "m", "score_weighted", 8)) })
	}
}
