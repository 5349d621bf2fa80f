package lang

import "fmt"

// Backends are the values a model's backend accepts.
var Backends = []string{"hf", "openai", "replay", "vllm"}

// Precisions are the training precisions an adapter accepts.
var Precisions = []string{"bf16", "fp16", "fp32"}

// Devices are where a trainer or the transformers server runs.
var Devices = []string{"auto", "cpu", "cuda"}

// managed checks the server settings of a model aimo launches itself.
func (c *checker) managed(p string, m *Model) {
	if m.Builtin != "" {
		c.oneOf(p+".builtin", "builtin model", m.Builtin, []string{"tiny"})
		if m.Backend != "hf" {
			c.failf(p+".builtin", "a builtin model is served by the hf backend, not %s", m.Backend)
		}
	}
	s := m.Serve
	if s == nil {
		return
	}
	if m.Backend != "vllm" && m.Backend != "hf" {
		c.failf(p+".serve", "only vllm and hf models are launched by aimo; a %s model has no serve settings", m.Backend)
		return
	}
	if s.Device != "" {
		c.oneOf(p+".serve.device", "device", s.Device, Devices)
	}
	if s.GPUMemoryUtilization < 0 || s.GPUMemoryUtilization > 1 {
		c.failf(p+".serve.gpu_memory_utilization", "expected a fraction in (0, 1], found %g", s.GPUMemoryUtilization)
	}
	for field, v := range map[string]int{"max_model_len": s.MaxModelLen, "tensor_parallel": s.TensorParallel,
		"pipeline_parallel": s.PipelineParallel, "max_num_seqs": s.MaxNumSeqs, "port": s.Port} {
		if v < 0 {
			c.failf(p+".serve."+field, "expected a positive number, found %d", v)
		}
	}
	if s.StartupTimeoutS < 0 {
		c.failf(p+".serve.startup_timeout_s", "expected seconds >= 0, found %g", s.StartupTimeoutS)
	}
}

// training checks what the LoRA trainer is given beyond the grid axes.
func (c *checker) training(p string, a *Adapter, e *Experiment) {
	if a.Val != "" {
		c.oneOf(p+".val", "split or dataset", a.Val, e.SetNames())
		if a.Val == a.Train {
			c.failf(p+".val", "the validation split %q is the training split; pick a held-out one", a.Val)
		}
	}
	c.oneOf(p+".precision", "precision", a.Precision, Precisions)
	c.oneOf(p+".device", "device", a.Device, Devices)
	positive := func(field string, vals []int) {
		for i, v := range vals {
			if v < 1 {
				c.failf(fmt.Sprintf("%s.%s[%d]", p, field, i), "expected at least 1, found %d", v)
			}
		}
	}
	positive("alpha", a.Alpha)
	positive("epochs", a.Epochs)
	positive("batch_size", a.BatchSize)
	for field, v := range map[string]int{"grad_accum": a.GradAccum, "eval_steps": a.EvalSteps, "max_seq_len": a.MaxSeqLen} {
		if v < 1 {
			c.failf(p+"."+field, "expected at least 1, found %d", v)
		}
	}
	if a.MaxSteps < 0 {
		c.failf(p+".max_steps", "expected a step count >= 0 (0: every epoch), found %d", a.MaxSteps)
	}
	for i, d := range a.Dropout {
		if d < 0 || d >= 1 {
			c.failf(fmt.Sprintf("%s.dropout[%d]", p, i), "expected a dropout in [0, 1), found %g", d)
		}
	}
	if m := e.Models[a.Base]; m != nil && m.Backend != "vllm" && m.Backend != "hf" {
		c.failf(p+".base", "adapters are trained and served by aimo: the base model must be declared with aimo.model.vllm or aimo.model.hf, not %s", m.Backend)
	}
}
