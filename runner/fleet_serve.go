package runner

import (
	"context"
	"fmt"
	"time"

	"github.com/aimo-dev/aimo/backends/hf"
	"github.com/aimo-dev/aimo/backends/serve"
	"github.com/aimo-dev/aimo/lang"
)

// start launches model key's server with every trained adapter of it.
func (f *Fleet) start(ctx context.Context, key string) error {
	if f.sw.Exp.Models[key].Launcher.IsSlurm() {
		return f.startOnSlurm(ctx, key)
	}
	if n := f.sw.Exp.Models[key].Replicas; n > 1 {
		fmt.Fprintf(f.opts.Out, "model %s: %d replicas need the slurm launcher (each its own GPUs); starting one server here\n", key, n)
	}
	spec, err := f.ServerSpec(ctx, key, true)
	if err != nil {
		return err
	}
	srv, err := serve.Start(ctx, spec)
	if err != nil {
		return err
	}
	f.mu.Lock()
	f.servers[key] = srv
	f.mu.Unlock()
	return nil
}

// ServerSpec is how model key's server is started. With prepare, the
// builtin model is built and the Python programs written out; without, the
// spec only describes the command (aimo plan).
func (f *Fleet) ServerSpec(ctx context.Context, key string, prepare bool) (serve.Spec, error) {
	m := f.sw.Exp.Models[key]
	s := m.Serve
	if s == nil {
		s = &lang.Serve{}
	}
	path := m.Path
	if m.Builtin != "" {
		path = f.BuiltinPath(m)
	}
	if path == "" {
		path = m.Name
	}
	if prepare {
		var err error
		if path, err = f.ModelPath(ctx, key); err != nil {
			return serve.Spec{}, err
		}
	}
	loras, maxRank := f.loras(key, prepare)
	spec := serve.Spec{
		Name: "model " + key, Port: s.Port, Progress: f.opts.Out,
		StartupTimeout: time.Duration(s.StartupTimeoutS * float64(time.Second)),
	}
	if f.opts.Logs != "" {
		spec.LogPath = f.opts.Logs + "/server-" + key + ".log"
	}
	if m.Backend == "vllm" {
		spec.Missing = "vllm is not installed: pip install vllm on a GPU machine, or declare the model with aimo.model.hf to use aimo's transformers server"
		spec.Argv = serve.VLLMArgv(serve.VLLMOptions{
			Model: path, ServedName: m.Name, Revision: m.Revision, Dtype: s.Dtype, Quantization: s.Quantization,
			KVCacheDtype: s.KVCacheDtype, MaxModelLen: s.MaxModelLen, GPUMemoryUtilization: s.GPUMemoryUtilization,
			TensorParallel: s.TensorParallel, PipelineParallel: s.PipelineParallel, MaxNumSeqs: s.MaxNumSeqs,
			EnablePrefixCaching: s.EnablePrefixCaching, Seed: s.Seed, LoRAs: loras, MaxLoRARank: maxRank, ExtraArgs: s.Args,
		})
		return spec, nil
	}
	python := "PYTHON"
	if prepare {
		var err error
		if python, err = f.python(); err != nil {
			return spec, err
		}
		dir, err := hf.Programs()
		if err != nil {
			return spec, err
		}
		spec.Env = hf.ExtraEnv(dir)
	}
	spec.Missing = "aimo's Python environment is missing: run `aimo doctor --install`"
	spec.Argv = serve.HFArgv(serve.HFOptions{
		Python: python, Model: path, ServedName: m.Name, LoRAs: loras, Dtype: s.Dtype, Device: s.Device,
		Seed: s.Seed, MaxModelLen: s.MaxModelLen,
	})
	return spec, nil
}

// loras lists the adapters of base model key the plan uses, by their folder:
// with trainedOnly, those trained; else all, untrained ones by where they
// will be (a description for aimo plan).
func (f *Fleet) loras(key string, trainedOnly bool) ([]serve.LoRA, int) {
	var out []serve.LoRA
	maxRank := 0
	for _, t := range f.sw.Plan.Trainings {
		if t.Base != key {
			continue
		}
		path := f.AdapterDir(t)
		if rec, err := f.Trained(t); err == nil && rec != nil {
			path = rec.Path
		} else if trainedOnly {
			continue
		}
		out = append(out, serve.LoRA{Name: t.Name, Path: path})
		maxRank = max(maxRank, t.R)
	}
	return out, maxRank
}
