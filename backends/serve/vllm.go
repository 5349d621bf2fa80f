package serve

import (
	"encoding/json"
	"slices"
	"strconv"
	"strings"
)

// VLLMOptions are the `vllm serve` settings aimo sets. Zero values leave
// vLLM's own defaults in place.
type VLLMOptions struct {
	Bin                  string // default "vllm"
	Model                string // a local path or a hub id
	ServedName           string // the name requests use; empty means Model
	Revision             string
	Dtype                string // auto, bfloat16, float16, ...
	Quantization         string // awq, gptq, fp8, ...
	KVCacheDtype         string // auto, fp8, fp8_e5m2
	MaxModelLen          int
	GPUMemoryUtilization float64
	TensorParallel       int
	PipelineParallel     int
	MaxNumSeqs           int
	EnablePrefixCaching  *bool
	Seed                 *int64
	LoRAs                []LoRA
	// MaxLoRARank is the largest rank among LoRAs; it is rounded up to a rank
	// vLLM accepts.
	MaxLoRARank int
	// MaxLoRAs is how many adapters share one batch (default: all of them).
	MaxLoRAs  int
	ExtraArgs []string
}

// loraRanks are the values vLLM accepts for --max-lora-rank.
var loraRanks = []int{1, 8, 16, 32, 64, 128, 256, 320, 512}

// VLLMArgv returns the `vllm serve` command line for o, bound to 127.0.0.1.
func VLLMArgv(o VLLMOptions) func(port int) []string {
	return func(port int) []string {
		bin := o.Bin
		if bin == "" {
			bin = "vllm"
		}
		a := args{bin, "serve", o.Model, "--host", "127.0.0.1", "--port", strconv.Itoa(port)}
		a.str("--served-model-name", o.ServedName)
		a.str("--revision", o.Revision)
		a.str("--dtype", o.Dtype)
		a.str("--quantization", o.Quantization)
		a.str("--kv-cache-dtype", o.KVCacheDtype)
		a.num("--max-model-len", o.MaxModelLen)
		a.float("--gpu-memory-utilization", o.GPUMemoryUtilization)
		a.num("--tensor-parallel-size", o.TensorParallel)
		a.num("--pipeline-parallel-size", o.PipelineParallel)
		a.num("--max-num-seqs", o.MaxNumSeqs)
		a.flag("--enable-prefix-caching", o.EnablePrefixCaching)
		a.seed("--seed", o.Seed)
		a.loras(o)
		a.add(o.ExtraArgs...)
		return a
	}
}

// loras adds the LoRA flags. The modules go after one --lora-modules flag
// because vLLM keeps only the last use of it.
func (a *args) loras(o VLLMOptions) {
	if len(o.LoRAs) == 0 {
		return
	}
	a.add("--enable-lora")
	a.num("--max-lora-rank", LoRARank(o.MaxLoRARank))
	maxLoRAs := o.MaxLoRAs
	if maxLoRAs <= 0 {
		maxLoRAs = len(o.LoRAs)
	}
	a.num("--max-loras", maxLoRAs)
	a.add("--lora-modules")
	for _, l := range o.LoRAs {
		a.add(loraModule(l))
	}
}

// loraModule writes an adapter as vLLM's name=path, or as JSON when the name or
// path holds the '=' or ',' that vLLM's short form cannot carry.
func loraModule(l LoRA) string {
	if !strings.ContainsAny(l.Name+l.Path, "=,") {
		return l.Name + "=" + l.Path
	}
	b, err := json.Marshal(map[string]string{"name": l.Name, "path": l.Path})
	if err != nil {
		panic(err) // strings always marshal
	}
	return string(b)
}

// LoRARank rounds rank up to the nearest value vLLM accepts for
// --max-lora-rank. A rank above vLLM's largest is returned as is, so that
// vLLM refuses it with its own message.
func LoRARank(rank int) int {
	i, _ := slices.BinarySearch(loraRanks, rank)
	if rank <= 0 || i == len(loraRanks) {
		return rank
	}
	return loraRanks[i]
}
