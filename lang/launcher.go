package lang

import (
	"fmt"
	"regexp"
	"strings"
)

// Launchers are the values a launcher's kind accepts.
var Launchers = []string{"local", "slurm"}

// Launcher says where aimo runs a trainer or a server: "local" as its own
// child process, "slurm" as a Slurm job. The other fields are sbatch
// settings; empty ones are left to the cluster's defaults.
type Launcher struct {
	Kind      string `json:"kind"`
	Partition string `json:"partition"`
	Account   string `json:"account"`
	QOS       string `json:"qos"`
	// GPUsPerJob is the GPUs each job (each array task) asks for.
	GPUsPerJob int `json:"gpus_per_job"`
	// CPUs is the CPUs each job asks for.
	CPUs int `json:"cpus"`
	// Mem is the memory each job asks for, in sbatch's form: 64G, 512M.
	Mem string `json:"mem"`
	// Time is the job's time limit in sbatch's form: 90, 4:00:00, 1-12:00:00.
	Time       string `json:"time"`
	Constraint string `json:"constraint"`
	// ExtraSbatch are further sbatch options, one each: "--exclusive".
	ExtraSbatch []string `json:"extra_sbatch"`
	// Setup is shell code run at the start of each job, before aimo's
	// program: `module load cuda/12.4`, `source /path/venv/bin/activate`.
	Setup string `json:"setup"`
}

// IsSlurm reports whether l runs its work as Slurm jobs.
func (l *Launcher) IsSlurm() bool { return l != nil && l.Kind == "slurm" }

// slurmSet reports whether any Slurm setting is given.
func (l *Launcher) slurmSet() bool {
	return l.Partition != "" || l.Account != "" || l.QOS != "" || l.GPUsPerJob != 0 || l.CPUs != 0 ||
		l.Mem != "" || l.Time != "" || l.Constraint != "" || len(l.ExtraSbatch) > 0 || l.Setup != ""
}

// slurmTime matches sbatch's --time forms: minutes, MM:SS, HH:MM:SS, D-HH,
// D-HH:MM and D-HH:MM:SS.
var slurmTime = regexp.MustCompile(`^(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d{1,2}(:\d{1,2}(:\d{1,2})?)?)$`)

// slurmMem matches sbatch's --mem: a number with an optional K, M, G or T.
var slurmMem = regexp.MustCompile(`^\d+[KMGT]?$`)

// launcher checks one launcher at path p.
func (c *checker) launcher(p string, l *Launcher) {
	if l == nil {
		return
	}
	if l.Kind == "" {
		c.failf(p+".kind", "a launcher needs a kind; write aimo.launcher.slurm { ... } or aimo.launcher['local']")
		return
	}
	c.oneOf(p+".kind", "launcher", l.Kind, Launchers)
	if l.Kind == "local" && l.slurmSet() {
		c.failf(p, "a local launcher takes no Slurm settings; use aimo.launcher.slurm { ... }")
	}
	if l.Time != "" && !slurmTime.MatchString(l.Time) {
		c.failf(p+".time", "expected a Slurm time limit such as 90 (minutes), 4:00:00 or 1-12:00:00, found %q", l.Time)
	}
	if l.Mem != "" && !slurmMem.MatchString(l.Mem) {
		c.failf(p+".mem", "expected memory such as 64G or 512M, found %q", l.Mem)
	}
	if l.GPUsPerJob < 0 || l.CPUs < 0 {
		c.failf(p, "gpus_per_job and cpus must not be negative")
	}
	for i, opt := range l.ExtraSbatch {
		if !strings.HasPrefix(opt, "--") || strings.ContainsAny(opt, "\n\r") {
			c.failf(fmt.Sprintf("%s.extra_sbatch[%d]", p, i), "expected one sbatch option such as --exclusive, found %q", opt)
		}
	}
}

// placement checks a model's launcher and replicas.
func (c *checker) placement(p string, m *Model) {
	managed := m.Backend == "hf" || m.Backend == "vllm" && len(m.BaseURLs) == 0
	if !managed && (m.Launcher != nil || m.Replicas > 1) {
		c.failf(p, "only servers aimo starts (aimo.model.vllm, aimo.model.hf) have a launcher and replicas; this %s model is reached at its base URL", m.Backend)
		return
	}
	c.launcher(p+".launcher", m.Launcher)
	if m.Replicas < 0 {
		c.failf(p+".replicas", "expected at least 1 replica, found %d", m.Replicas)
	}
	if m.Replicas > 1 && m.Serve != nil && m.Serve.Port != 0 {
		c.failf(p+".replicas", "%d replicas cannot share the fixed port %d; leave serve.port unset so each picks its own", m.Replicas, m.Serve.Port)
	}
}

// SetLauncher makes every server and trainer of e run with the launcher
// kind, as `--launcher` asks: "slurm" keeps the Slurm settings a model or
// grid already has; "local" drops them.
func (e *Experiment) SetLauncher(kind string) error {
	c := &checker{}
	c.oneOf("--launcher", "launcher", kind, Launchers)
	if len(c.errs) > 0 {
		return c.errs[0]
	}
	set := func(l **Launcher) {
		if kind == "local" || !(*l).IsSlurm() {
			*l = &Launcher{Kind: kind}
		}
	}
	for _, m := range e.Models {
		if m.Backend == "hf" || m.Backend == "vllm" && len(m.BaseURLs) == 0 {
			set(&m.Launcher)
		}
	}
	for _, a := range e.Adapters {
		set(&a.Launcher)
	}
	return nil
}

// TrainingLauncher is where the trainings of adapter grid key run: the
// grid's own launcher, else its base model's (trainings run where the model
// is served), else nil (local).
func (e *Experiment) TrainingLauncher(key string) *Launcher {
	a := e.Adapters[key]
	if a == nil {
		return nil
	}
	if a.Launcher != nil {
		return a.Launcher
	}
	if m := e.Models[a.Base]; m != nil {
		return m.Launcher
	}
	return nil
}
