// Package runner plans and executes a sweep: it expands the matrix into cells,
// resolves identities, and turns every generation request into a cache hit or
// a backend call, resuming wherever a previous run stopped.
package runner

import (
	"fmt"
	"math"
	"sort"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/matrix"
)

// Plan is what a sweep will do before it costs anything.
type Plan struct {
	Experiment string       `json:"experiment"`
	File       string       `json:"file"`
	Matrix     MatrixCounts `json:"matrix"`
	Cells      []Cell       `json:"cells"`
	Trainings  []Training   `json:"trainings"`
	Sets       []SetCount   `json:"sets"`
	// Problems is the number of distinct problems generated for: the union of
	// the evaluated sets (Build sums the sets' sizes; Derive, which sees the
	// problems, counts the union).
	Problems int `json:"problems"`
	// Requests counts generations: cells × problems × samples.
	Requests       int `json:"requests"`
	VotingSettings int `json:"voting_settings"`
	// Ensembles counts the experiment's ensembles: each is evaluated once
	// per set, under its own method at k = its pooled samples.
	Ensembles   int        `json:"ensembles,omitempty"`
	Evaluations int        `json:"evaluations"`
	Models      []ModelUse `json:"models"`
	// GPUMemoryGB is the GPU the models' fit check assumed (see CheckFit).
	GPUMemoryGB float64 `json:"gpu_memory_gb"`
	// Cached is how many requests the cache already holds; -1 when unknown.
	Cached int `json:"cached"`
	// Cache is the cache file the counts come from ("" when not looked at).
	Cache string `json:"cache,omitempty"`
	// NotRecorded counts requests of cells whose replay recordings do not
	// exist (another template or sampling than recorded).
	NotRecorded int `json:"not_recorded,omitempty"`
	// Servers are the servers aimo will start, one per managed model.
	Servers []ServerPlan `json:"servers,omitempty"`
	// Sbatch are the Slurm jobs aimo would submit, trainings first.
	Sbatch   []SbatchPlan `json:"sbatch,omitempty"`
	Warnings []string     `json:"warnings,omitempty"`
}

// MatrixCounts says how the matrix expansion went.
type MatrixCounts struct {
	Product    int `json:"product"`
	Excluded   int `json:"excluded"`
	Included   int `json:"included"`
	Duplicates int `json:"duplicates"`
	Cells      int `json:"cells"`
}

// SetCount is an evaluated set and its size.
type SetCount struct {
	Name     string `json:"name"`
	Problems int    `json:"problems"`
}

// Counter reports how many problems a named set (dataset or split) has.
type Counter func(name string) (int, error)

// Build expands e into a plan. count sizes the evaluated sets.
func Build(e *lang.Experiment, count Counter) (*Plan, error) {
	res, err := matrix.ExpandMax(e.Matrix, e.Limits.Cells)
	if err != nil {
		return nil, e.Refuse("matrix", "%v", err)
	}
	trainings := expandAdapters(e)
	cells := buildCells(e, res.Combos, trainings)
	if err := checkTools(e, cells); err != nil {
		return nil, err
	}
	p := &Plan{
		Experiment: e.Name, File: e.File, Cells: cells, Cached: -1, Trainings: []Training{},
		Matrix: MatrixCounts{res.Product, res.Excluded, res.Included, res.Duplicates, len(cells)},
	}
	used := map[string]bool{}
	for _, c := range cells {
		used[c.Adapter] = true
	}
	for _, key := range sortedKeys(trainings) {
		for _, t := range trainings[key] {
			if used[t.Name] {
				p.Trainings = append(p.Trainings, t)
			}
		}
	}
	if len(cells) == 0 {
		return nil, configError(e, "matrix", "the matrix has no cells: every combination was excluded")
	}
	for i, name := range e.Evaluate {
		n, err := count(name)
		if err != nil {
			return nil, fmt.Errorf("size of %s: %w", name, err)
		}
		if n == 0 {
			return nil, configError(e, fmt.Sprintf("evaluate[%d]", i), fmt.Sprintf("%s has no problems (check its filters, limit and split)", name))
		}
		p.Sets = append(p.Sets, SetCount{name, n})
		p.Problems += n
	}
	if err := checkRequests(e, p); err != nil {
		return nil, err
	}
	for _, c := range cells {
		p.Requests += p.Problems * c.Samples
	}
	p.VotingSettings = e.Voting.Settings()
	p.Ensembles = len(e.Ensembles)
	p.countEvaluations()
	p.GPUMemoryGB = DefaultGPUMemoryGB
	p.Models = modelUse(e, p)
	markNotRecorded(e, p.Cells)
	for _, c := range p.Cells {
		if c.NotRecorded != "" {
			p.NotRecorded += p.Problems * c.Samples
			p.Warnings = append(p.Warnings, "cell "+c.Name+" is not recorded ("+c.NotRecorded+"): aimo run refuses it")
		}
	}
	return p, nil
}

// ModelUse is one model's share of the plan with rough resource estimates.
type ModelUse struct {
	Model   string `json:"model"`
	Backend string `json:"backend"`
	Served  string `json:"served"`
	// BaseURLs are the servers an openai model is reached at (as overridden
	// by top-level arguments, if any).
	BaseURLs []string        `json:"base_urls,omitempty"`
	Cells    int             `json:"cells"`
	Requests int             `json:"requests"`
	Info     *lang.ModelInfo `json:"info,omitempty"`
	// Memory is the weights' size in GB at each precision; Fits says whether
	// the weights plus runtime overhead fit the GPU, leaving the rest for the
	// KV cache.
	Memory map[string]float64 `json:"memory_gb,omitempty"`
	Fits   map[string]bool    `json:"fits,omitempty"`
	// Tokens and GPUHours are estimates: completion tokens at half of
	// max_tokens, and decode throughput on one H100 scaled by active parameters.
	Tokens   float64 `json:"est_tokens,omitempty"`
	GPUHours float64 `json:"est_gpu_hours,omitempty"`
}

// Precisions are the weight precisions memory is estimated for, in bytes per
// parameter.
var Precisions = []struct {
	Name  string
	Bytes float64
}{{"bf16", 2}, {"fp8", 1}, {"int4", 0.5}}

// CellIndex returns the position of the cell called name in p.Cells.
func (p *Plan) CellIndex(name string) (int, bool) {
	for i, c := range p.Cells {
		if c.Name == name {
			return i, true
		}
	}
	return 0, false
}

// DefaultGPUMemoryGB is the GPU a plan's fit check assumes until told
// otherwise: one H100 80 GB, as on Kaggle.
const DefaultGPUMemoryGB = 80.0

// CheckFit redoes the models' fit check for a GPU of gb GB, and records gb
// in the plan.
func (p *Plan) CheckFit(gb float64) {
	p.GPUMemoryGB = gb
	for i := range p.Models {
		u := &p.Models[i]
		for name, weights := range u.Memory {
			u.Fits[name] = fits(weights, gb)
		}
	}
}

// fits says whether weights of gb GB, plus 10% overhead, fit in vLLM's 0.9
// share of a GPU of gpuGB.
func fits(gb, gpuGB float64) bool { return gb*1.1 <= gpuGB*0.9 }

func modelUse(e *lang.Experiment, p *Plan) []ModelUse {
	byModel := map[string]*ModelUse{}
	for _, c := range p.Cells {
		u := byModel[c.Model]
		if u == nil {
			m := e.Models[c.Model]
			u = &ModelUse{Model: c.Model, Backend: m.Backend, Served: m.Name, Info: m.Info, BaseURLs: m.BaseURLs}
			byModel[c.Model] = u
		}
		u.Cells++
		reqs := p.Problems * c.Samples
		u.Requests += reqs
		if u.Info != nil && m(e, c).Backend != "replay" {
			u.Tokens += float64(reqs) * float64(c.Sampling.MaxTokens) / 2
		}
	}
	out := make([]ModelUse, 0, len(byModel))
	for _, k := range sortedKeys(byModel) {
		u := byModel[k]
		if u.Info != nil && u.Info.ParamsB > 0 {
			u.Memory, u.Fits = map[string]float64{}, map[string]bool{}
			for _, pr := range Precisions {
				gb := round1(u.Info.ParamsB * pr.Bytes)
				u.Memory[pr.Name] = gb
				u.Fits[pr.Name] = fits(gb, p.GPUMemoryGB)
			}
			u.GPUHours = round1(u.Tokens / decodeRate(u.Info) / 3600)
		}
		out = append(out, *u)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Model < out[j].Model })
	return out
}

func m(e *lang.Experiment, c Cell) *lang.Model { return e.Models[c.Model] }

// decodeRate is a rough aggregate decode throughput (tokens/s) for a model on
// one H100 under vLLM's continuous batching: inversely proportional to the
// parameters active per token, within sane bounds.
func decodeRate(info *lang.ModelInfo) float64 {
	active := info.ActiveParamsB
	if active == 0 {
		active = info.ParamsB
	}
	return math.Min(20000, math.Max(200, 25000/active))
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

// checkRequests refuses a plan with more generation requests than
// limits.requests (0: no limit), counting without overflow.
func checkRequests(e *lang.Experiment, p *Plan) error {
	max := e.Limits.Requests
	if max <= 0 {
		return nil
	}
	total := 0
	for _, c := range p.Cells {
		if c.Samples > 0 && p.Problems > (max-total)/c.Samples {
			return e.Refuse("limits.requests", "%d cells x %d problems x %d samples is more than the limit of %d generation requests; "+
				"lower samples, cut the matrix or the evaluated sets, or raise limits.requests if the sweep is really that big", len(p.Cells), p.Problems, e.Samples, max)
		}
		total += p.Problems * c.Samples
	}
	return nil
}

// configError is a problem of the experiment found while planning: exit 2,
// nothing written.
// countEvaluations sets Evaluations: every cell under every voting setting,
// and every ensemble once, on each set.
func (p *Plan) countEvaluations() {
	p.Evaluations = (len(p.Cells)*p.VotingSettings + p.Ensembles) * len(p.Sets)
}

func configError(e *lang.Experiment, path, msg string) error {
	return &lang.ConfigError{File: e.File, Fields: []*lang.FieldError{{Path: path, Msg: msg}}}
}
