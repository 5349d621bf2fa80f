package slurm

import (
	"flag"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite golden files")

func TestScriptGolden(t *testing.T) {
	tests := []struct {
		name   string
		script Script
	}{
		{"defaults", Script{
			Name: "aimo-x-train-lora", Comment: "Trains adapters.", Tasks: 2, Output: "task-%a/job.log",
			Body: `exec python -m aimo_hf.train --spec "task-$SLURM_ARRAY_TASK_ID/spec.json"`,
		}},
		{"every_setting", Script{
			Name: "aimo-x-serve-qwen", Comment: "Serves qwen.\nOne replica per task.", Tasks: 4, Output: "replica-%a/job.log",
			Options: Options{
				Partition: "gpu", Account: "proj-42", QOS: "high", GPUsPerJob: 2, CPUs: 16, Mem: "128G",
				Time: "1-12:00:00", Constraint: "h100|a100", Extra: []string{"--exclusive", "--mail-type=NONE"},
				Setup: "module load cuda/12.4\nsource /opt/venvs/vllm/bin/activate\n",
			},
			Env:  []string{"PYTHONPATH=/home/me/.cache/aimo/programs", "NOTE=it's quoted"},
			Body: "echo serving",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testkit.Golden(t, "testdata/"+tt.name+".sbatch", []byte(tt.script.Render()), *update)
		})
	}
}
