package runner

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/hf"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/matrix"
)

// Cell is one generation configuration: a model (or adapter), a template, a
// few-shot setting and sampling settings, run on every evaluated problem.
type Cell struct {
	Name string `json:"name"`
	// ID is the cell's content identity: a hash of everything that determines
	// its generations except the problems themselves.
	ID              string            `json:"id"`
	Model           string            `json:"model"`
	Adapter         string            `json:"adapter,omitempty"`
	Template        string            `json:"template"`
	Fewshot         int               `json:"fewshot"`
	FewshotStrategy string            `json:"fewshot_strategy"`
	Sampling        backends.Sampling `json:"sampling"`
	Samples         int               `json:"samples"`
	Seed            int64             `json:"seed"`
	// NotRecorded says why a replay model's recordings do not stand for
	// this cell ("" when they do, and for every other backend).
	NotRecorded string `json:"not_recorded,omitempty"`
	// Tools is how the cell's conversations are held when its template
	// offers tools; nil for plain generation.
	Tools *ToolSpec `json:"tools,omitempty"`
}

// Training is one concrete LoRA fine-tune.
type Training struct {
	Name string `json:"name"`
	ID   string `json:"id"`
	// Grid is the adapter key in the experiment this training came from.
	Grid        string  `json:"grid"`
	Base        string  `json:"base"`
	Train       string  `json:"train"`
	Template    string  `json:"template"`
	R           int     `json:"r"`
	Alpha       int     `json:"alpha"`
	Dropout     float64 `json:"dropout"`
	LR          float64 `json:"lr"`
	Epochs      int     `json:"epochs"`
	BatchSize   int     `json:"batch_size"`
	WarmupSteps int     `json:"warmup_steps"`
	MaxSeqLen   int     `json:"max_seq_len"`
	Seed        int64   `json:"seed"`
	// Val is the split the trainer keeps its best checkpoint on ("": none).
	Val           string   `json:"val,omitempty"`
	GradAccum     int      `json:"grad_accum"`
	EvalSteps     int      `json:"eval_steps"`
	MaxSteps      int      `json:"max_steps,omitempty"`
	Precision     string   `json:"precision"`
	TargetModules []string `json:"target_modules,omitempty"`
	// Device is where it trains; not part of the identity.
	Device string `json:"device"`
	// Data is a hash of the rendered training and validation rows, set once
	// the datasets are loaded (IdentifyTrainings); until then ID covers the
	// split names only.
	Data string `json:"data,omitempty"`
	// State is "trained" or "to train" when the plan has looked at the
	// cache; MemoryGB a rough GPU memory need (0: unknown). Neither is part
	// of the identity.
	State    string  `json:"state,omitempty"`
	MemoryGB float64 `json:"est_memory_gb,omitempty"`
}

// expandAdapters turns each adapter (possibly a grid) into concrete trainings,
// named after the key alone when it is not a grid, else after what varies:
// "qlora-r8-a16".
func expandAdapters(e *lang.Experiment) map[string][]Training {
	out := map[string][]Training{}
	for _, key := range sortedKeys(e.Adapters) {
		a := e.Adapters[key]
		var list []Training
		for _, r := range a.R {
			for _, alpha := range a.Alpha {
				for _, dr := range a.Dropout {
					for _, lr := range a.LR {
						for _, ep := range a.Epochs {
							for _, bs := range a.BatchSize {
								for _, ws := range a.WarmupSteps {
									list = append(list, Training{Grid: key, Base: a.Base, Train: a.Train, Template: a.Template,
										R: r, Alpha: alpha, Dropout: dr, LR: lr, Epochs: ep, BatchSize: bs, WarmupSteps: ws,
										MaxSeqLen: a.MaxSeqLen, Seed: a.Seed, Val: a.Val, GradAccum: a.GradAccum,
										EvalSteps: a.EvalSteps, MaxSteps: a.MaxSteps, Precision: a.Precision,
										TargetModules: a.TargetModules, Device: a.Device})
								}
							}
						}
					}
				}
			}
		}
		for i := range list {
			list[i].Name = trainingName(key, a, list[i])
			list[i].ID = list[i].identity(e)
		}
		out[key] = list
	}
	return out
}

// identity hashes what determines the adapter a training produces: the base
// model, the template, every hyperparameter, the rows (once known) and the
// trainer's version. Names, the grid key and the device do not count.
func (t Training) identity(e *lang.Experiment) string {
	anon := t
	anon.Name, anon.Grid, anon.Device, anon.ID, anon.State, anon.MemoryGB = "", "", "", "", "", 0
	return identity(anon, ModelIdentity(e.Models[t.Base]), e.Templates[t.Template], hf.TrainerVersion)
}

func trainingName(key string, a *lang.Adapter, t Training) string {
	parts := []string{key}
	add := func(n int, label string, v string) {
		if n > 1 {
			parts = append(parts, label+v)
		}
	}
	add(len(a.R), "r", strconv.Itoa(t.R))
	add(len(a.Alpha), "a", strconv.Itoa(t.Alpha))
	add(len(a.Dropout), "d", fmtFloat(t.Dropout))
	add(len(a.LR), "lr", fmtFloat(t.LR))
	add(len(a.Epochs), "e", strconv.Itoa(t.Epochs))
	add(len(a.BatchSize), "b", strconv.Itoa(t.BatchSize))
	add(len(a.WarmupSteps), "w", strconv.Itoa(t.WarmupSteps))
	return strings.Join(parts, "-")
}

func fmtFloat(f float64) string { return strconv.FormatFloat(f, 'g', -1, 64) }

// buildCells resolves combinations into cells: adapter grids expand into one
// cell per concrete adapter, unset axes take the experiment's defaults.
func buildCells(e *lang.Experiment, combos []matrix.Combo, trainings map[string][]Training) []Cell {
	names := matrix.Names(combos)
	var cells []Cell
	for i := range combos {
		c := &combos[i]
		base := cellDefaults(e, c)
		model := c.Get("model").Str
		list, isAdapter := trainings[model]
		if !isAdapter {
			base.Model, base.Name = model, names[i]
			cells = append(cells, base)
			continue
		}
		for _, t := range list {
			cell := base
			cell.Model = e.Adapters[model].Base
			cell.Adapter = t.Name
			cell.Name = strings.Replace(names[i], model, t.Name, 1)
			if !strings.Contains(names[i], model) {
				cell.Name = t.Name + "/" + names[i]
			}
			cells = append(cells, cell)
		}
	}
	memo := map[[3]string]string{}
	for i := range cells {
		cells[i].ID = cellIdentity(e, &cells[i], trainings, memo)
	}
	return cells
}

func cellDefaults(e *lang.Experiment, c *matrix.Combo) Cell {
	cell := Cell{Template: lang.DefaultTemplate, FewshotStrategy: e.Fewshot.Strategy, Samples: e.Samples, Seed: e.Seed,
		Sampling: backends.Sampling{
			Temperature: *e.Sampling.Temperature, TopP: *e.Sampling.TopP, TopK: e.Sampling.TopK,
			MinP: e.Sampling.MinP, MaxTokens: e.Sampling.MaxTokens, Stop: e.Sampling.Stop, Logprobs: e.Sampling.Logprobs,
			ReasoningEffort: e.Sampling.ReasoningEffort,
		}}
	for i, v := range c {
		if a, ok := cellAxes[lang.Axes[i].Name]; ok && v.Kind != lang.Null {
			a.set(&cell, v)
		}
	}
	cell.Tools = toolSpec(e, e.Templates[cell.Template])
	return cell
}

// cellIdentity hashes what determines a cell's generations: the model's
// identity (and its adapter's), the template text, the few-shot settings and
// the sampling settings. Names, URLs and concurrency are left out on purpose.
// The model and template part is hashed once per pair, since a large grid
// repeats few of them across many cells.
func cellIdentity(e *lang.Experiment, c *Cell, trainings map[string][]Training, memo map[[3]string]string) string {
	k := [3]string{c.Model, c.Adapter, c.Template}
	base, ok := memo[k]
	if !ok {
		var adapterID string
		for _, list := range trainings {
			for _, t := range list {
				if t.Name == c.Adapter {
					adapterID = t.ID
				}
			}
		}
		base = identity(ModelIdentity(e.Models[c.Model]), adapterID, e.Templates[c.Template])
		memo[k] = base
	}
	parts := []any{base, c.Fewshot, c.FewshotStrategy, e.Fewshot.Pool, c.Sampling, c.Samples, c.Seed}
	if c.Tools != nil {
		parts = append(parts, c.Tools)
	}
	return identity(parts...)
}

// ModelIdentity is the part of a model's declaration that changes its outputs.
func ModelIdentity(m *lang.Model) any {
	if m == nil {
		return nil
	}
	id := struct {
		Backend, Name, Revision string
		Replay                  *lang.Replay
		Builtin                 string `json:",omitempty"`
	}{m.Backend, m.Name, m.Revision, nil, ""}
	if m.Replay != nil {
		// The recorded file counts by its contents (its hash is part of each
		// cell's model key), not by how its path is spelled.
		r := *m.Replay
		r.Path = ""
		id.Replay = &r
	}
	if m.Builtin != "" {
		id.Builtin = m.Builtin + "/" + hf.TinyVersion + "/" + builtinSeed(m)
	}
	if m.Backend == "vllm" || m.Backend == "openai" {
		id.Backend = "server" // the same model behind either gives the same outputs
	}
	return id
}

// identity is a short hex SHA-256 of the JSON encoding of parts.
func identity(parts ...any) string {
	b, err := json.Marshal(parts)
	if err != nil {
		panic(fmt.Sprintf("runner: identity of unencodable value: %v", err))
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
