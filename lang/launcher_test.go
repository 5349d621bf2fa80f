package lang

import (
	"os"
	"path/filepath"
	"testing"
)

const launcherExperiment = `
local aimo = import 'aimo.libsonnet';
aimo.experiment {
  name: 'x',
  datasets: { d: aimo.dataset.jsonl('d.jsonl', fields={ problem: 'q', answer: 'a' }) },
  models: {
    gpu: aimo.model.tiny(launcher=aimo.launcher.slurm { partition: 'gpu', time: '30' }, replicas=2),
    cpu: aimo.model.tiny(),
    api: aimo.model.openai('m'),
  },
  adapters: {
    inherits: aimo.lora.adapter('gpu', train='d'),
    own: aimo.lora.adapter('gpu', train='d', launcher=aimo.launcher['local']),
    plain: aimo.lora.adapter('cpu', train='d'),
  },
  matrix: { model: ['gpu'] },
}`

func loadString(t *testing.T, src string) *Experiment {
	t.Helper()
	path := filepath.Join(t.TempDir(), "x.jsonnet")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := Load(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func TestTrainingsRunWhereTheirBaseModelIsServedUnlessTold(t *testing.T) {
	e := loadString(t, launcherExperiment)
	for grid, want := range map[string]string{"inherits": "slurm", "own": "local", "plain": ""} {
		got := ""
		if l := e.TrainingLauncher(grid); l != nil {
			got = l.Kind
		}
		if got != want {
			t.Errorf("grid %s trains on %q, want %q", grid, got, want)
		}
	}
	if e.Models["gpu"].Replicas != 2 || e.Models["gpu"].Launcher.Partition != "gpu" {
		t.Errorf("model gpu: %+v", e.Models["gpu"])
	}
}

func TestSetLauncherOverridesEveryServerAndTrainer(t *testing.T) {
	e := loadString(t, launcherExperiment)
	if err := e.SetLauncher("slurm"); err != nil {
		t.Fatal(err)
	}
	if l := e.Models["gpu"].Launcher; l.Kind != "slurm" || l.Partition != "gpu" {
		t.Errorf("--launcher slurm dropped the model's own Slurm settings: %+v", l)
	}
	for _, key := range []string{"cpu"} {
		if !e.Models[key].Launcher.IsSlurm() {
			t.Errorf("model %s is not on slurm", key)
		}
	}
	for _, grid := range []string{"inherits", "own", "plain"} {
		if !e.TrainingLauncher(grid).IsSlurm() {
			t.Errorf("grid %s is not on slurm", grid)
		}
	}
	if e.Models["api"].Launcher != nil {
		t.Error("an openai model was given a launcher")
	}
	if err := e.SetLauncher("local"); err != nil {
		t.Fatal(err)
	}
	if l := e.Models["gpu"].Launcher; l.Kind != "local" || l.Partition != "" {
		t.Errorf("--launcher local kept Slurm settings: %+v", l)
	}
	err := e.SetLauncher("slrum")
	if err == nil || err.Error() != `--launcher: unknown launcher "slrum"; did you mean "slurm"?` {
		t.Errorf("got %v", err)
	}
}
