package kaggle

import (
	"github.com/aimo-dev/aimo/internal/answer"
)

// Config is config.json: everything the notebook does, decided in Go.
type Config struct {
	Experiment string     `json:"experiment"`
	Cell       string     `json:"cell"`
	Setting    string     `json:"setting"`
	Model      Model      `json:"model"`
	Offline    Offline    `json:"offline"`
	Prompt     Prompt     `json:"prompt"`
	Sampling   Sampling   `json:"sampling"`
	Extraction Extraction `json:"extraction"`
	Voting     Voting     `json:"voting"`
	Time       Time       `json:"time"`
	// Tools is the text tool loop of a template that offers tools; nil
	// when it offers none.
	Tools *Tools `json:"tools,omitempty"`
	// FallbackAnswer is what a problem without any answer gets.
	FallbackAnswer int64 `json:"fallback_answer"`
	// LocalTestCSV is what run_local_gateway reads outside a rerun.
	LocalTestCSV string `json:"local_test_csv"`
}

// Model is where the weights are on Kaggle and how vLLM loads them.
type Model struct {
	Path string `json:"path"`
	// Harmony says the model writes gpt-oss's harmony format: its output is
	// decoded with the special tokens that separate reasoning from answer.
	Harmony bool   `json:"harmony,omitempty"`
	Engine  Engine `json:"engine"`
	LoRA    *LoRA  `json:"lora,omitempty"`
}

// Engine is vllm.LLM's keyword arguments, named as vLLM names them, taken
// from the model's serve block (the settings the sweep was measured with);
// nulls are left to vLLM.
type Engine struct {
	Dtype                *string  `json:"dtype"`
	Quantization         *string  `json:"quantization"`
	KVCacheDtype         *string  `json:"kv_cache_dtype"`
	MaxModelLen          *int     `json:"max_model_len"`
	GPUMemoryUtilization *float64 `json:"gpu_memory_utilization"`
	TensorParallelSize   *int     `json:"tensor_parallel_size"`
	PipelineParallelSize *int     `json:"pipeline_parallel_size"`
	MaxNumSeqs           *int     `json:"max_num_seqs"`
	EnablePrefixCaching  *bool    `json:"enable_prefix_caching"`
	Seed                 int64    `json:"seed"`
}

// LoRA is an adapter loaded through vllm.lora.request.LoRARequest; Rank is
// vLLM's max_lora_rank: the largest rank of the adapter's grid.
type LoRA struct {
	Name string `json:"name"`
	Path string `json:"path"`
	Rank int    `json:"rank"`
}

// Offline is what the notebook sets up before the engine loads.
type Offline struct {
	Wheels   string   `json:"wheels,omitempty"`
	Packages []string `json:"packages,omitempty"`
	Tiktoken string   `json:"tiktoken,omitempty"`
	Preload  bool     `json:"preload"`
}

// Prompt is the template with its few-shot examples already rendered.
type Prompt struct {
	Format   string    `json:"format"`
	System   string    `json:"system,omitempty"`
	User     string    `json:"user"`
	Examples []Example `json:"examples"`
}

// Example is one rendered few-shot turn pair.
type Example struct {
	User      string `json:"user"`
	Assistant string `json:"assistant"`
}

// Sampling is vllm.SamplingParams for one attempt (seed + attempt index);
// ReasoningEffort goes to the chat template.
type Sampling struct {
	Temperature     float64  `json:"temperature"`
	TopP            float64  `json:"top_p"`
	TopK            int      `json:"top_k,omitempty"`
	MinP            float64  `json:"min_p,omitempty"`
	MaxTokens       int      `json:"max_tokens"`
	Stop            []string `json:"stop,omitempty"`
	Logprobs        int      `json:"logprobs,omitempty"`
	ReasoningEffort string   `json:"reasoning_effort,omitempty"`
	Seed            int64    `json:"seed"`
}

// Extraction is answer.Extract's fallbacks and the answer range.
type Extraction struct {
	Fallbacks []string `json:"fallbacks"`
	Lo        int64    `json:"lo"`
	Hi        int64    `json:"hi"`
	Modulus   int64    `json:"modulus,omitempty"`
}

// Voting is the selected setting: the method, its k attempts run in
// parallel, and its early stop.
type Voting struct {
	Method    string `json:"method"`
	Attempts  int    `json:"attempts"`
	EarlyStop int    `json:"early_stop"`
}

// Time is the per-problem policy, clamp(left − reserve × remaining, low,
// high), where left counts from the notebook's first cell to total_s less
// margin_s; a problem whose engine does not return is answered grace_s
// after its allowance.
type Time struct {
	TotalS   float64 `json:"total_s"`
	MarginS  float64 `json:"margin_s"`
	Problems int     `json:"problems"`
	ReserveS float64 `json:"reserve_s"`
	LowS     float64 `json:"low_s"`
	HighS    float64 `json:"high_s"`
	GraceS   float64 `json:"grace_s"`
}

// Tools is the cell's tool loop: its format (the notebook runs "text"),
// its round limit and the sandbox every attempt's code runs in.
type Tools struct {
	Format    string `json:"format"`
	MaxRounds int    `json:"max_rounds"`
	// Version is the sweep's tool loop version (tir.Version) the notebook's
	// port follows.
	Version string  `json:"version"`
	Sandbox Sandbox `json:"sandbox"`
}

// Sandbox is the limits of the sweep's sandbox (backends/sandbox.Config
// with its defaults), as the worker takes them.
type Sandbox struct {
	TimeoutS float64 `json:"timeout_s"`
	// TimeoutText is the wall time as the timeout notice names it ("6s").
	TimeoutText    string `json:"timeout_text"`
	CPUSeconds     int    `json:"cpu_seconds"`
	MemoryBytes    int64  `json:"memory_bytes"`
	MaxProcs       int    `json:"max_procs"`
	MaxFileBytes   int64  `json:"max_file_bytes"`
	MaxOutput      int    `json:"max_output"`
	TracebackLines int    `json:"traceback_lines"`
}

// DefaultGraceS is how long past its allowance a problem waits for an
// engine that does not return.
const DefaultGraceS = 30

// AIMO3 is the answer range of AIMO3: 0-99999 as written.
var AIMO3 = answer.Range{Lo: 0, Hi: 99999}
