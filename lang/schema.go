package lang

import "slices"

// Experiment is one sweep, decoded strictly from the object an experiment file
// evaluates to. JSON names are the Jsonnet field names users write.
type Experiment struct {
	Name        string               `json:"name"`
	Description string               `json:"description"`
	Datasets    map[string]*Dataset  `json:"datasets"`
	Splits      *Split               `json:"splits"`
	Fewshot     Fewshot              `json:"fewshot"`
	Models      map[string]*Model    `json:"models"`
	Adapters    map[string]*Adapter  `json:"adapters"`
	Templates   map[string]*Template `json:"templates"`
	Matrix      Matrix               `json:"matrix"`
	Samples     int                  `json:"samples"`
	Seed        int64                `json:"seed"`
	Sampling    Sampling             `json:"sampling"`
	Tools       Tools                `json:"tools"`
	Grading     Grading              `json:"grading"`
	Evaluate    []string             `json:"evaluate"`
	Voting      Voting               `json:"voting"`
	Ensembles   map[string]*Ensemble `json:"ensembles"`
	Budget      *Budget              `json:"budget"`
	Select      Select               `json:"select"`
	Kaggle      *Kaggle              `json:"kaggle"`
	Limits      Limits               `json:"limits"`

	// Dir is the directory of the experiment file; relative data paths resolve
	// against it. File is the path the user gave.
	Dir  string `json:"-"`
	File string `json:"-"`
	// Imports holds the user's files the experiment imported, by path,
	// for placing an error in the file that writes the field.
	Imports map[string]string `json:"-"`
	// Roots are the folders the files it names may be in: Dir, then the
	// library folders (-J).
	Roots []string `json:"-"`
}

// Limits bound what one experiment may ask for, so that a typo (a
// 10-million-cell matrix, samples: 1e9, a dataset path naming a huge file)
// fails at once with the limit's name instead of exhausting memory. A sweep
// that is really that big raises them; docs/limits.md lists them all.
type Limits struct {
	// Cells bounds the matrix's cells, checked before they are allocated.
	Cells int `json:"cells"`
	// Requests bounds generation requests: cells x problems x samples.
	Requests int `json:"requests"`
	// FileMB bounds the size of each dataset or replay file, in MB.
	FileMB int `json:"file_mb"`
}

// Dataset declares where problems come from and how to read them.
type Dataset struct {
	// Format is one of math, gsm8k, csv, jsonl.
	Format string `json:"format"`
	Path   string `json:"path"`
	// Fields maps aimo's names (id, problem, answer, solution, level, subject)
	// to the file's column or key names.
	Fields map[string]string `json:"fields"`
	// Answers is "any" (MATH-style answers) or "integer" (AIMO format: keep only
	// problems whose gold answer normalises exactly to an integer in range).
	Answers     string   `json:"answers"`
	AnswerRange []int64  `json:"answer_range"`
	Modulus     int64    `json:"modulus"`
	Levels      []int    `json:"levels"`
	Subjects    []string `json:"subjects"`
	Limit       int      `json:"limit"`
}

// Split divides one dataset into named parts, stratified by fields.
type Split struct {
	Dataset   string             `json:"dataset"`
	By        []string           `json:"by"`
	Fractions map[string]float64 `json:"fractions"`
	Seed      int64              `json:"seed"`
}

// Fewshot says where few-shot examples come from; how many is the fewshot
// matrix axis.
type Fewshot struct {
	// Pool is a split or dataset name; examples never come from the problem
	// being solved.
	Pool string `json:"pool"`
	// Strategy is fixed, random or same_category.
	Strategy string   `json:"strategy"`
	IDs      []string `json:"ids"`
	Seed     int64    `json:"seed"`
}

// Model is a model served by some backend.
type Model struct {
	// Backend is openai, vllm, hf or replay.
	Backend  string `json:"backend"`
	Name     string `json:"name"`
	Revision string `json:"revision"`
	// Path is where a managed server (vllm, hf) loads the weights from: a
	// local directory or a hub id; empty means Name.
	Path string `json:"path"`
	// Builtin names a model aimo builds itself instead of loading: "tiny", a
	// randomly initialised Llama-style model for tests and demos.
	Builtin string `json:"builtin"`
	// Info is filled from the model registry when the library knows the model.
	Info        *ModelInfo `json:"info"`
	BaseURLs    []string   `json:"base_urls"`
	APIKeyEnv   string     `json:"api_key_env"`
	Endpoint    string     `json:"endpoint"`
	Concurrency int        `json:"concurrency"`
	TimeoutS    float64    `json:"timeout_s"`
	// Retries is how often a failed request is retried: nil is the
	// client's default (6), 0 turns retries off.
	Retries *int    `json:"retries"`
	Replay  *Replay `json:"replay"`
	Serve   *Serve  `json:"serve"`
	// Launcher says where aimo starts this model's server; nil is local.
	Launcher *Launcher `json:"launcher"`
	// Replicas is how many servers aimo starts for the model (0 means 1);
	// requests go to the least loaded healthy one.
	Replicas int `json:"replicas"`
}

// ModelInfo is what the registry knows about a model's size.
type ModelInfo struct {
	Key             string  `json:"key"`
	Display         string  `json:"display"`
	HFID            string  `json:"hf_id"`
	APIName         string  `json:"api_name"`
	ParamsB         float64 `json:"params_b"`
	ActiveParamsB   float64 `json:"active_params_b"`
	Context         int     `json:"context"`
	NativePrecision string  `json:"native_precision"`
	Note            string  `json:"note"`
}

// Replay maps a recorded-generations file onto completions.
type Replay struct {
	Path     string       `json:"path"`
	Format   string       `json:"format"`
	Fields   ReplayFields `json:"fields"`
	Recorded Recorded     `json:"recorded"`
}

// Recorded says how a replay file's generations were made. A cell of the
// replay model that asks for another prompt or other sampling settings is not
// recorded: replay never passes recordings off as a different configuration.
// Unset fields mean the experiment's own defaults (its sampling block, the
// default template, no few-shot examples).
type Recorded struct {
	Template    string   `json:"template"`
	Fewshot     int      `json:"fewshot"`
	Temperature *float64 `json:"temperature"`
	TopP        *float64 `json:"top_p"`
	MaxTokens   int      `json:"max_tokens"`
	// PromptAgnostic declares that the recordings stand for any prompt (the
	// template and few-shot settings are not compared).
	PromptAgnostic bool `json:"prompt_agnostic"`
}

// ReplayFields names the JSON fields of a replay file; dots address nested keys.
type ReplayFields struct {
	ProblemID        string `json:"problem_id"`
	ProblemText      string `json:"problem_text"`
	Sample           string `json:"sample"`
	Text             string `json:"text"`
	CompletionTokens string `json:"completion_tokens"`
	Latency          string `json:"latency"`
	Score            string `json:"score"`
	Entropy          string `json:"entropy"`
	// Reasoning names the final reasoning trace; Messages a chat message
	// list (OpenAI shape) holding a tool-using conversation's turns.
	Reasoning string `json:"reasoning,omitempty"`
	Messages  string `json:"messages,omitempty"`
}

// Serve configures a server aimo launches itself (vLLM, or aimo's
// transformers server for hf models). Zero values leave the server's default.
type Serve struct {
	Dtype                string  `json:"dtype"`
	Quantization         string  `json:"quantization"`
	KVCacheDtype         string  `json:"kv_cache_dtype"`
	MaxModelLen          int     `json:"max_model_len"`
	GPUMemoryUtilization float64 `json:"gpu_memory_utilization"`
	TensorParallel       int     `json:"tensor_parallel"`
	PipelineParallel     int     `json:"pipeline_parallel"`
	MaxNumSeqs           int     `json:"max_num_seqs"`
	EnablePrefixCaching  *bool   `json:"enable_prefix_caching"`
	Seed                 *int64  `json:"seed"`
	// Device is cpu, cuda or auto (hf only).
	Device          string   `json:"device"`
	StartupTimeoutS float64  `json:"startup_timeout_s"`
	Port            int      `json:"port"`
	Args            []string `json:"args"`
}

// Adapter is a LoRA adapter, or a grid of them when a hyperparameter lists
// several values; the runner expands grids into concrete adapters.
type Adapter struct {
	Base          string    `json:"base"`
	Train         string    `json:"train"`
	Template      string    `json:"template"`
	R             []int     `json:"r"`
	Alpha         []int     `json:"alpha"`
	Dropout       []float64 `json:"dropout"`
	LR            []float64 `json:"lr"`
	Epochs        []int     `json:"epochs"`
	BatchSize     []int     `json:"batch_size"`
	WarmupSteps   []int     `json:"warmup_steps"`
	TargetModules []string  `json:"target_modules"`
	MaxSeqLen     int       `json:"max_seq_len"`
	Seed          int64     `json:"seed"`
	// Val is the split the trainer evaluates on to keep its best checkpoint;
	// empty trains without validation.
	Val       string `json:"val"`
	GradAccum int    `json:"grad_accum"`
	EvalSteps int    `json:"eval_steps"`
	// MaxSteps stops training early (0: train every epoch).
	MaxSteps int `json:"max_steps"`
	// Precision is fp32, bf16 or fp16.
	Precision string `json:"precision"`
	// Device is auto, cpu or cuda.
	Device string `json:"device"`
	// Launcher says where the grid's trainings run; nil takes the base
	// model's.
	Launcher *Launcher `json:"launcher"`
}

// Template renders a problem (and few-shot examples) into a prompt.
// Placeholders: {problem}, {solution}, {answer}, {subject}.
type Template struct {
	// Format is chat (system/user/assistant messages) or completion (one text).
	Format string `json:"format"`
	System string `json:"system"`
	User   string `json:"user"`
	// Example renders one few-shot example's answer turn.
	Example string `json:"example"`
	// Tools names tools offered for tool-integrated reasoning (python).
	Tools []string `json:"tools"`
	// ToolFormat says how the model calls them: "text" (code in ```python
	// fences, output in ```output blocks) or "function" (a function tool
	// through the chat API). Defaults to "text" when Tools is set.
	ToolFormat string `json:"tool_format,omitempty"`
}

// Tools holds the settings of tool-integrated reasoning, shared by every
// cell whose template offers tools. Zero values take the defaults.
type Tools struct {
	// MaxRounds is how many times an attempt's code may be run.
	MaxRounds int `json:"max_rounds"`
	// TimeoutS is the wall time of one call, in seconds.
	TimeoutS float64 `json:"timeout_s"`
	// MemoryMB caps each sandbox process's memory.
	MemoryMB int `json:"memory_mb"`
	// MaxOutput is how many bytes of a call's output the model is shown.
	MaxOutput int `json:"max_output"`
}

// Sampling holds the default sampling settings; matrix axes override them.
type Sampling struct {
	Temperature *float64 `json:"temperature"`
	TopP        *float64 `json:"top_p"`
	TopK        int      `json:"top_k"`
	MinP        float64  `json:"min_p"`
	MaxTokens   int      `json:"max_tokens"`
	Stop        []string `json:"stop"`
	Logprobs    int      `json:"logprobs"`
	// ReasoningEffort is gpt-oss's low, medium or high, rendered into the
	// harmony system message; empty leaves the model's default.
	ReasoningEffort string `json:"reasoning_effort"`
}

// Grading configures answer extraction.
type Grading struct {
	Fallbacks []string `json:"fallbacks"`
}

// Voting is the voting grid, evaluated offline from cached samples.
type Voting struct {
	Method    []string `json:"method"`
	K         []int    `json:"k"`
	EarlyStop []int    `json:"early_stop"`
}

// Repeats says whether early stopping at stop with k samples only repeats
// the setting without it: stopping once stop samples agree can never happen
// before the k-th sample when stop >= k. The grid leaves such settings out
// when it also has early_stop 0.
func (v Voting) Repeats(k, stop int) bool {
	return stop >= k && stop > 0 && slices.Contains(v.EarlyStop, 0)
}

// Settings counts the grid's method@k [stopN] settings, those that Repeats
// left out.
func (v Voting) Settings() int {
	n := 0
	for _, k := range v.K {
		for _, stop := range v.EarlyStop {
			if !v.Repeats(k, stop) {
				n++
			}
		}
	}
	return n * len(v.Method)
}

// Ensemble pools the samples of several cells and votes over the pool.
type Ensemble struct {
	Method  string   `json:"method"`
	Members []Member `json:"members"`
}

// Member selects cells by axis values and weights their votes.
type Member struct {
	Match  map[string]Value `json:"match"`
	Weight float64          `json:"weight"`
}

// Budget describes a Kaggle-like run for the budget simulation. The list
// fields are policy axes: the simulation tries every combination.
type Budget struct {
	// Problems per run and the run's total seconds (AIMO3: 50 and 18,000).
	Problems int     `json:"problems"`
	TotalS   float64 `json:"total_s"`
	// PerProblemS caps and MinS floors each problem's allowance; ReserveS is
	// kept back per remaining problem: clamp(left - reserve*remaining, min, cap).
	PerProblemS []float64 `json:"per_problem_s"`
	ReserveS    []float64 `json:"reserve_s"`
	MinS        []float64 `json:"min_s"`
	// Attempts run in parallel per problem; EarlyStop stops once that many
	// agree (default: voting.early_stop).
	Attempts  []int `json:"attempts"`
	EarlyStop []int `json:"early_stop"`
	// Method overrides the selected voting method.
	Method string `json:"method"`
	// StartupS is spent loading the model before the first problem (default:
	// estimated from the model's size).
	StartupS float64 `json:"startup_s"`
	// MarginS is kept spare at the end: the notebook plans for total_s -
	// margin_s (default 600).
	MarginS *float64 `json:"margin_s"`
	// OverheadS is the mean time per problem spent outside its allowance
	// (prompt, gateway, stopping the engine; default 2).
	OverheadS *float64 `json:"overhead_s"`
	// Throughput maps a model key to its aggregate decode speed at each
	// concurrency; a model left out has its curve fitted from its recorded
	// attempts.
	Throughput map[string][]Throughput `json:"throughput"`
	// TokensPerS is one sequence's decode speed when nothing can be fitted.
	TokensPerS float64 `json:"tokens_per_s"`
	// MaxRisk is the largest chance of overrunning total_s a policy may have
	// and still count as safe (default 0.01).
	MaxRisk float64 `json:"max_risk"`
	Runs    int     `json:"runs"`
	Seed    int64   `json:"seed"`
}

// Throughput is one point of a throughput-vs-concurrency curve: with
// Concurrency sequences decoding at once, the GPU produces TokensPerS tokens
// per second in all.
type Throughput struct {
	Concurrency int     `json:"concurrency"`
	TokensPerS  float64 `json:"tokens_per_s"`
}

// Select says how the best configuration is chosen and confirmed.
type Select struct {
	On      string `json:"on"`
	Metric  string `json:"metric"`
	Confirm string `json:"confirm"`
}

// Kaggle says what an exported notebook loads on Kaggle, where nothing can be
// downloaded: every path is under /kaggle/input, and kernel-metadata.json
// names the datasets and models that put it there.
type Kaggle struct {
	// Kernel is the notebook's id on Kaggle, "owner/slug"; Title its title.
	Kernel string `json:"kernel"`
	Title  string `json:"title"`
	// Models maps a model key to the directory of its weights.
	Models map[string]string `json:"models"`
	// Adapters maps an adapter key (or one adapter of a grid) to its
	// directory.
	Adapters map[string]string `json:"adapters"`
	// Wheels is a directory of wheels (vLLM and its dependencies) installed
	// with pip --no-index before vLLM is imported.
	Wheels string `json:"wheels"`
	// Tiktoken is a directory holding tiktoken's encoding files, which
	// gpt-oss's harmony format needs and cannot download.
	Tiktoken string `json:"tiktoken"`
	// Datasets and ModelSources are attached to the notebook: "owner/slug"
	// and "owner/model/framework/variation/version".
	Datasets     []string `json:"datasets"`
	ModelSources []string `json:"model_sources"`
	// Competition is the competition's slug.
	Competition string `json:"competition"`
	// Preload reads the weights into the page cache from parallel threads
	// before the engine loads them (default true).
	Preload *bool `json:"preload"`
}
