package kaggle

import (
	"strings"

	"github.com/aimo-dev/aimo/lang"
)

// model is where the cell's weights (and adapter) are on Kaggle and the
// engine settings the sweep measured. A model or adapter without a path
// under /kaggle/input is refused: the notebook cannot download.
func model(e *lang.Experiment, ch Choice) (Model, error) {
	c := ch.Cell
	m := e.Models[c.Model]
	k := e.Kaggle
	if k == nil || k.Models[c.Model] == "" {
		return Model{}, refuse("no Kaggle path for model %s: declare kaggle: aimo.kaggle(models={ '%s': '/kaggle/input/...' })", c.Model, c.Model)
	}
	out := Model{Path: k.Models[c.Model], Harmony: harmony(m), Engine: engine(m, c.Seed)}
	if c.Adapter == "" {
		return out, nil
	}
	grid, rank := adapterGrid(ch)
	path := k.Adapters[c.Adapter]
	if path == "" {
		path = k.Adapters[grid]
	}
	if path == "" {
		return Model{}, refuse("no Kaggle path for adapter %s: declare it in kaggle.adapters (by its name or its grid %s)", c.Adapter, grid)
	}
	out.LoRA = &LoRA{Name: c.Adapter, Path: path, Rank: rank}
	return out, nil
}

// adapterGrid returns the grid the cell's adapter was trained in and the
// largest rank of that grid: vLLM's max_lora_rank must hold every adapter
// of it, not the last one listed.
func adapterGrid(ch Choice) (string, int) {
	grid, rank := ch.Cell.Adapter, 0
	for _, t := range ch.Trainings {
		if t.Name == ch.Cell.Adapter {
			grid = t.Grid
		}
	}
	for _, t := range ch.Trainings {
		if t.Grid == grid {
			rank = max(rank, t.R)
		}
	}
	return grid, rank
}

// harmony reports a gpt-oss model, which writes the harmony format.
func harmony(m *lang.Model) bool {
	names := []string{m.Name, m.Path}
	if m.Info != nil {
		names = append(names, m.Info.Key, m.Info.HFID)
	}
	for _, n := range names {
		if strings.Contains(strings.ToLower(n), "gpt-oss") {
			return true
		}
	}
	return false
}

// engine maps the model's serve block onto vllm.LLM's arguments; the
// engine's seed is the serve block's, else the cell's.
func engine(m *lang.Model, seed int64) Engine {
	out := Engine{Seed: seed}
	s := m.Serve
	if s == nil {
		return out
	}
	str := func(v string) *string {
		if v == "" {
			return nil
		}
		return &v
	}
	num := func(v int) *int {
		if v == 0 {
			return nil
		}
		return &v
	}
	out.Dtype, out.Quantization, out.KVCacheDtype = str(s.Dtype), str(s.Quantization), str(s.KVCacheDtype)
	out.MaxModelLen, out.TensorParallelSize, out.PipelineParallelSize, out.MaxNumSeqs = num(s.MaxModelLen), num(s.TensorParallel), num(s.PipelineParallel), num(s.MaxNumSeqs)
	if s.GPUMemoryUtilization > 0 {
		out.GPUMemoryUtilization = &s.GPUMemoryUtilization
	}
	out.EnablePrefixCaching = s.EnablePrefixCaching
	if s.Seed != nil {
		out.Seed = *s.Seed
	}
	return out
}
