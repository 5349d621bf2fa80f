package pyenv

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
)

// Feature is a Python package aimo uses and what its absence disables.
type Feature struct {
	Package  string `json:"package"`
	Disables string `json:"disables"`
}

// Features lists, in the order `aimo doctor` prints them, the packages that
// matter and what is lost without each.
var Features = []Feature{
	{"torch", "training (aimo train), the transformers server (aimo.model.hf)"},
	{"transformers", "training, the transformers server, aimo model tiny"},
	{"peft", "LoRA training and serving adapters with the transformers server"},
	{"accelerate", "training with the HF Trainer"},
	{"tokenizers", "aimo model tiny"},
	{"numpy", "numpy in the code sandbox"},
	{"sympy", "sympy in the code sandbox"},
	{"mpmath", "mpmath in the code sandbox"},
	{"polars", "the Kaggle notebook's tests under the real gateway"},
	{"grpcio", "the Kaggle notebook's tests under the real gateway"},
	{"pytest", "the Python tests"},
}

// Probe is what an interpreter has: package versions ("" when missing) and
// the accelerators torch sees.
type Probe struct {
	Python   string            `json:"python"`
	Version  string            `json:"version"`
	Packages map[string]string `json:"packages"`
	CUDA     []string          `json:"cuda"`
	BF16     bool              `json:"bf16"`
}

const probeScript = `
import importlib.metadata as md, json, sys
out = {"version": sys.version.split()[0], "packages": {}, "cuda": [], "bf16": False}
for name in sys.argv[1:]:
    try:
        out["packages"][name] = md.version(name)
    except md.PackageNotFoundError:
        out["packages"][name] = ""
try:
    import torch
    if torch.cuda.is_available():
        out["cuda"] = [torch.cuda.get_device_name(i) for i in range(torch.cuda.device_count())]
        out["bf16"] = torch.cuda.is_bf16_supported()
except Exception:
    pass
print(json.dumps(out))
`

// Run probes python.
func Run(ctx context.Context, python string) (*Probe, error) {
	args := []string{"-c", probeScript}
	for _, f := range Features {
		args = append(args, f.Package)
	}
	var stdout, stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, python, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("probe %s: %w: %s", python, err, lastLine(stderr.String()))
	}
	p := &Probe{Python: python}
	if err := json.Unmarshal(stdout.Bytes(), p); err != nil {
		return nil, fmt.Errorf("probe %s: %w", python, err)
	}
	return p, nil
}

func lastLine(s string) string {
	lines := bytes.Split(bytes.TrimSpace([]byte(s)), []byte("\n"))
	return string(lines[len(lines)-1])
}
