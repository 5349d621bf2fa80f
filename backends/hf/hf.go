// Package hf drives aimo's Python programs on Hugging Face transformers: the
// LoRA trainer, the transformers server and the tiny test model. The programs
// ship inside the binary (py/aimo_hf) and run in aimo's own environment
// (package pyenv); each speaks a JSON contract: a spec in, JSON event lines on
// stdout, everything else on stderr, which goes to a log file.
//
// A child runs in its own process group and is killed with it: a cancelled
// context (Ctrl-C) leaves no trainer behind, and a trainer's output folder is
// only ever used once the trainer has finished it.
package hf

import (
	"embed"
	"io/fs"
	"os"
	"runtime"
	"strconv"

	"github.com/aimo-dev/aimo/backends/pyenv"
)

//go:embed py/aimo_hf/*.py
var programs embed.FS

// TrainerVersion names the trainer's behaviour; it is part of every adapter's
// identity, so a trainer that would train differently retrains. It equals
// TRAINER_VERSION in py/aimo_hf/train.py (a test ties them).
const TrainerVersion = "aimo-train/1"

// TinyVersion names the tiny model builder's behaviour; a new version builds
// a new model.
const TinyVersion = "tiny/1"

// Programs writes the Python package out of the binary and returns the
// folder to put on PYTHONPATH.
func Programs() (string, error) {
	sub, err := fs.Sub(programs, "py")
	if err != nil {
		return "", err
	}
	return pyenv.Materialize("aimo_hf", sub)
}

// Env is the environment a program runs with: the caller's plus ExtraEnv.
func Env(programsDir string) []string {
	return append(os.Environ(), ExtraEnv(programsDir)...)
}

// ExtraEnv is what a program needs beyond the caller's environment: the
// programs on PYTHONPATH, Python's output unbuffered, tokenizers quiet.
func ExtraEnv(programsDir string) []string {
	path := programsDir
	if old := os.Getenv("PYTHONPATH"); old != "" {
		path += string(os.PathListSeparator) + old
	}
	env := []string{"PYTHONPATH=" + path, "PYTHONUNBUFFERED=1", "TOKENIZERS_PARALLELISM=false"}
	if os.Getenv("OMP_NUM_THREADS") == "" {
		// torch's default of one thread per core oversubscribes a machine
		// that also runs aimo and a server: on 2 busy cores a tiny model's
		// training step took 15 times longer.
		env = append(env, "OMP_NUM_THREADS="+strconv.Itoa(max(1, min(4, runtime.NumCPU()/2))))
	}
	return env
}
