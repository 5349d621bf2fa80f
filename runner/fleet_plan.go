package runner

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/aimo-dev/aimo/backends/serve"
)

// ServerPlan is a server aimo will start: for which model, and the command.
type ServerPlan struct {
	Model   string `json:"model"`
	Backend string `json:"backend"`
	Command string `json:"command"`
	// Launcher and Replicas are set for servers started as Slurm jobs.
	Launcher string `json:"launcher,omitempty"`
	Replicas int    `json:"replicas,omitempty"`
}

// SbatchPlan is a Slurm job aimo would submit: a grid's trainings or a
// model's replicas, and the script, with PYTHON and PROGRAMS standing for
// aimo's Python and its programs' folder.
type SbatchPlan struct {
	Kind   string `json:"kind"`
	Name   string `json:"name"`
	File   string `json:"file"`
	Script string `json:"script"`
}

// Describe fills the plan with what the fleet would do: each managed
// model's server command (the port is chosen at start-up) and each
// training's state and rough memory need. It starts nothing.
func (f *Fleet) Describe() error {
	p := f.sw.Plan
	p.Servers = nil
	for _, key := range sortedKeys(f.sw.Exp.Models) {
		m := f.sw.Exp.Models[key]
		if !Managed(m) || !planUses(p, key) {
			continue
		}
		spec, err := f.ServerSpec(context.Background(), key, false)
		if err != nil {
			return err
		}
		cmd := f.relative(strings.Replace(serve.Describe(spec.Argv(0)), "--port 0", "--port auto", 1))
		sp := ServerPlan{Model: key, Backend: m.Backend, Command: cmd}
		if m.Launcher.IsSlurm() {
			sp.Launcher, sp.Replicas = "slurm", replicas(m)
			script, err := f.serveScript(key, spec, planPrograms)
			if err != nil {
				return err
			}
			p.Sbatch = append(p.Sbatch, SbatchPlan{Kind: "serve", Name: key, File: "serve-" + key + ".sbatch", Script: f.relative(script.Render())})
		}
		p.Servers = append(p.Servers, sp)
	}
	for i := range p.Trainings {
		t := &p.Trainings[i]
		t.State = "to train"
		if f.store != nil {
			rec, err := f.Trained(*t)
			if err != nil {
				return err
			}
			if rec != nil {
				t.State = "trained"
			}
		}
		t.MemoryGB = trainingMemory(f, *t)
	}
	f.describeTrainingJobs(p)
	return nil
}

// describeTrainingJobs adds the job array of each grid trained on Slurm,
// for its trainings still to train, before the servers' jobs.
func (f *Fleet) describeTrainingJobs(p *Plan) {
	byGrid := map[string][]Training{}
	for _, t := range p.Trainings {
		if t.State != "trained" && f.sw.Exp.TrainingLauncher(t.Grid).IsSlurm() {
			byGrid[t.Grid] = append(byGrid[t.Grid], t)
		}
	}
	var jobs []SbatchPlan
	for _, grid := range sortedKeys(byGrid) {
		script := f.trainScript(grid, byGrid[grid], planPython, planPrograms)
		jobs = append(jobs, SbatchPlan{Kind: "train", Name: grid, File: "train-" + grid + ".sbatch", Script: f.relative(script.Render())})
	}
	p.Sbatch = append(jobs, p.Sbatch...)
}

// relative shows paths under the working folder relative to it, so a plan
// reads the same wherever the project is checked out.
func (f *Fleet) relative(text string) string {
	if rel := displayPath(f.opts.Home); rel != f.opts.Home {
		return strings.ReplaceAll(text, f.opts.Home+string(filepath.Separator), rel+string(filepath.Separator))
	}
	return text
}

func planUses(p *Plan, model string) bool {
	for _, c := range p.Cells {
		if c.Model == model {
			return true
		}
	}
	return false
}

// trainingMemory is a rough GPU memory need in GB for a LoRA training: the
// frozen base weights at the training precision plus a fifth for the
// adapter, its optimizer state and activations at moderate batch sizes; 0
// when the base model's size is unknown.
func trainingMemory(f *Fleet, t Training) float64 {
	m := f.sw.Exp.Models[t.Base]
	if m.Info == nil || m.Info.ParamsB == 0 {
		return 0
	}
	bytes := 2.0
	if t.Precision == "fp32" {
		bytes = 4
	}
	return math.Round(m.Info.ParamsB*bytes*1.2*10) / 10
}

// displayPath shows path relative to the working folder when it is inside
// it, so a plan reads the same wherever the project is checked out.
func displayPath(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	rel, err := filepath.Rel(wd, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		return path
	}
	return rel
}
