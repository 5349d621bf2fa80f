package kaggle

import (
	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/answer"
	"github.com/aimo-dev/aimo/reports/budget"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/dataset"
	"github.com/aimo-dev/aimo/runner/prompt"
)

// Config is config.json: everything the notebook does, decided in Go.
type Config struct {
	Experiment     string     `json:"experiment"`
	Cell           string     `json:"cell"`
	Setting        string     `json:"setting"`
	Model          Model      `json:"model"`
	Prompt         Prompt     `json:"prompt"`
	Sampling       Sampling   `json:"sampling"`
	Extraction     Extraction `json:"extraction"`
	Voting         Voting     `json:"voting"`
	Time           Time       `json:"time"`
	FallbackAnswer int64      `json:"fallback_answer"`
	// LocalTestCSV is what run_local_gateway reads outside a rerun.
	LocalTestCSV string `json:"local_test_csv"`
}

// Model holds vllm.LLM's arguments; empty ones are left to vLLM.
type Model struct {
	Path                 string  `json:"path"`
	Dtype                string  `json:"dtype,omitempty"`
	Quantization         string  `json:"quantization,omitempty"`
	MaxModelLen          int     `json:"max_model_len,omitempty"`
	KVCacheDtype         string  `json:"kv_cache_dtype,omitempty"`
	GPUMemoryUtilization float64 `json:"gpu_memory_utilization,omitempty"`
	TensorParallelSize   int     `json:"tensor_parallel_size,omitempty"`
	LoRA                 *LoRA   `json:"lora,omitempty"`
}

// LoRA is an adapter loaded through vllm.lora.request.LoRARequest.
type LoRA struct {
	Name string `json:"name"`
	Path string `json:"path"`
	Rank int    `json:"rank,omitempty"`
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

// Sampling is vllm.SamplingParams for one attempt (seed + attempt index).
type Sampling struct {
	Temperature float64  `json:"temperature"`
	TopP        float64  `json:"top_p"`
	TopK        int      `json:"top_k,omitempty"`
	MinP        float64  `json:"min_p,omitempty"`
	MaxTokens   int      `json:"max_tokens"`
	Stop        []string `json:"stop,omitempty"`
	Logprobs    int      `json:"logprobs,omitempty"`
	Seed        int64    `json:"seed"`
}

// Extraction is answer.Extract's fallbacks and the answer range.
type Extraction struct {
	Fallbacks []string `json:"fallbacks"`
	Lo        int64    `json:"lo"`
	Hi        int64    `json:"hi"`
	Modulus   int64    `json:"modulus,omitempty"`
}

// Voting is the method, the attempts run in parallel and the early stop.
type Voting struct {
	Method    string `json:"method"`
	Attempts  int    `json:"attempts"`
	EarlyStop int    `json:"early_stop"`
}

// Time is the per-problem policy: clamp(left − reserve × remaining, low, high)
// within total_s from the notebook's start.
type Time struct {
	TotalS   float64 `json:"total_s"`
	Problems int     `json:"problems"`
	ReserveS float64 `json:"reserve_s"`
	LowS     float64 `json:"low_s"`
	HighS    float64 `json:"high_s"`
}

// AIMO3 is the answer range of AIMO3: 0-99999 as written.
var AIMO3 = answer.Range{Lo: 0, Hi: 99999}

// Choice is what to export: a cell of the plan, its voting method and a
// time policy.
type Choice struct {
	Cell    runner.Cell
	Setting string
	Method  string
	Policy  budget.Policy
	Budget  budget.Config
}

// Build assembles the config of a choice. The few-shot examples are drawn
// for a problem the pool cannot contain, so they are the same for every
// Kaggle problem.
func Build(e *lang.Experiment, cat *dataset.Catalog, ch Choice, r answer.Range) (*Config, error) {
	c := ch.Cell
	cfg := &Config{Experiment: e.Name, Cell: c.Name, Setting: ch.Setting,
		Model:          model(e, c),
		Sampling:       sampling(c.Sampling, c.Seed),
		Extraction:     Extraction{Fallbacks: fallbacks(e), Lo: r.Lo, Hi: r.Hi, Modulus: r.Modulus},
		Voting:         Voting{Method: ch.Method, Attempts: ch.Policy.Attempts, EarlyStop: ch.Policy.EarlyStop},
		Time:           Time{TotalS: ch.Budget.TotalS, Problems: ch.Budget.Problems, ReserveS: ch.Policy.ReserveS, LowS: ch.Policy.LowS, HighS: ch.Policy.HighS},
		FallbackAnswer: max(r.Lo, 0),
		LocalTestCSV:   "/kaggle/input/ai-mathematical-olympiad-progress-prize-3/test.csv",
	}
	p, err := renderPrompt(e, cat, c)
	if err != nil {
		return nil, err
	}
	cfg.Prompt = p
	return cfg, nil
}

func fallbacks(e *lang.Experiment) []string {
	if e.Grading.Fallbacks == nil {
		return answer.DefaultFallbacks
	}
	return e.Grading.Fallbacks
}

func sampling(s backends.Sampling, seed int64) Sampling {
	return Sampling{Temperature: s.Temperature, TopP: s.TopP, TopK: s.TopK, MinP: s.MinP, MaxTokens: s.MaxTokens,
		Stop: s.Stop, Logprobs: s.Logprobs, Seed: seed}
}

func model(e *lang.Experiment, c runner.Cell) Model {
	m := e.Models[c.Model]
	out := Model{Path: m.Name}
	if m.Info != nil && m.Info.HFID != "" {
		out.Path = m.Info.HFID
	}
	if s := m.Serve; s != nil {
		out.Dtype, out.Quantization, out.MaxModelLen = s.Dtype, s.Quantization, s.MaxModelLen
		out.KVCacheDtype, out.GPUMemoryUtilization, out.TensorParallelSize = s.KVCacheDtype, s.GPUMemoryUtilization, s.TensorParallel
	}
	if c.Adapter != "" {
		out.LoRA = &LoRA{Name: c.Adapter, Path: "/kaggle/input/" + c.Adapter}
		for _, a := range e.Adapters {
			if a != nil && a.Base == c.Model && len(a.R) > 0 {
				out.LoRA.Rank = max(out.LoRA.Rank, a.R[len(a.R)-1])
			}
		}
	}
	return out
}

// renderPrompt renders the cell's template around a {problem} placeholder.
func renderPrompt(e *lang.Experiment, cat *dataset.Catalog, c runner.Cell) (Prompt, error) {
	t := e.Templates[c.Template]
	if t == nil {
		t = &lang.Template{User: "{problem}"}
	}
	kaggle := dataset.Problem{ID: "kaggle-problem", Text: "{problem}"}
	examples, err := cat.Examples(e.Fewshot.Pool, c.FewshotStrategy, e.Fewshot.IDs, c.Fewshot, kaggle, c.Seed+e.Fewshot.Seed)
	if err != nil {
		return Prompt{}, err
	}
	pr := prompt.Render(&lang.Template{Format: "chat", User: t.User, Example: t.Example}, kaggle, examples)
	out := Prompt{Format: t.Format, System: t.System, User: t.User}
	if out.Format == "" {
		out.Format = "chat"
	}
	for i := 0; i+1 < len(pr.Messages)-1; i += 2 {
		out.Examples = append(out.Examples, Example{User: pr.Messages[i].Content, Assistant: pr.Messages[i+1].Content})
	}
	if out.Examples == nil {
		out.Examples = []Example{}
	}
	return out, nil
}
