package budget

import "github.com/aimo-dev/aimo/lang"

// ForExperiment is the simulation's config for a cell of e running model
// and voting with method over k attempts. The experiment's budget block
// fills it: per_problem_s lists the caps, min_s the floors, reserve_s the
// reserves, attempts the parallel attempts (default: k). The early stops
// are the voting grid's unless the block names its own; the throughput
// curve is the model's. The model's load time defaults to an estimate from
// its size, the margin to DefaultMarginS and the overhead to
// DefaultOverheadS; everything else takes Defaults.
func ForExperiment(e *lang.Experiment, model, method string, k int) Config {
	cfg := Config{Method: method, Attempts: []int{k}, EarlyStop: e.Voting.EarlyStop, Seed: e.Seed,
		StartupS: modelLoadS(e.Models[model]), MarginS: DefaultMarginS, OverheadS: DefaultOverheadS}
	if b := e.Budget; b != nil {
		cfg.fromBlock(b, model)
	}
	return cfg.Defaults()
}

// fromBlock overrides cfg with what the experiment's budget block sets.
func (cfg *Config) fromBlock(b *lang.Budget, model string) {
	cfg.Problems, cfg.TotalS, cfg.Runs = b.Problems, b.TotalS, b.Runs
	cfg.HighS, cfg.LowS, cfg.ReserveS = b.PerProblemS, b.MinS, b.ReserveS
	if b.Seed != 0 {
		cfg.Seed = b.Seed
	}
	if len(b.Attempts) > 0 {
		cfg.Attempts = b.Attempts
	}
	if len(b.EarlyStop) > 0 {
		cfg.EarlyStop = b.EarlyStop
	}
	if b.Method != "" {
		cfg.Method = b.Method
	}
	if b.StartupS > 0 {
		cfg.StartupS = b.StartupS
	}
	if b.MarginS != nil {
		cfg.MarginS = *b.MarginS
	}
	if b.OverheadS != nil {
		cfg.OverheadS = *b.OverheadS
	}
	for _, p := range b.Throughput[model] {
		cfg.Throughput = append(cfg.Throughput, Point{Concurrency: p.Concurrency, TokensPerS: p.TokensPerS})
	}
	cfg.TokensPerS, cfg.MaxRisk = b.TokensPerS, b.MaxRisk
}

// modelLoadS is the model's load time from the registry's size, or
// LoadEstimate's default for an unknown model.
func modelLoadS(m *lang.Model) float64 {
	if m == nil || m.Info == nil {
		return LoadEstimate(0, "")
	}
	return LoadEstimate(m.Info.ParamsB, m.Info.NativePrecision)
}
