package sandbox

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/aimo-dev/aimo/backends/pyenv"
)

//go:embed py/aimo_sandbox/*.py
var pyFiles embed.FS

// FindPython finds the interpreter when neither Config.Python nor
// $AIMO_PYTHON names one. aimo points it at its own virtual environment; the
// default is python3 on PATH.
var FindPython = func() (string, error) {
	if py, err := pyenv.Python(); err == nil {
		return py, nil
	}
	return exec.LookPath("python3")
}

// errNoPython is what a user sees when no interpreter could be found.
var errNoPython = errors.New("sandbox: no Python interpreter found: install python3, or set AIMO_PYTHON to one")

// interpreter returns the executable that Python itself reports for the
// configured one. Asking it once resolves launchers such as pyenv shims,
// which would not work in the sandbox's bare environment, and keeps a
// virtual environment's own path, which selects its packages.
func interpreter(ctx context.Context, configured string) (string, error) {
	py := configured
	if py == "" {
		py = os.Getenv("AIMO_PYTHON")
	}
	if py == "" {
		var err error
		if py, err = FindPython(); err != nil {
			return "", fmt.Errorf("%w (%v)", errNoPython, err)
		}
	}
	resolvedMu.Lock()
	defer resolvedMu.Unlock()
	if exe, ok := resolved[py]; ok {
		return exe, nil
	}
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	var stderr bytes.Buffer
	cmd := exec.CommandContext(ctx, py, "-c", "import sys; print(sys.executable)")
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("sandbox: python %s does not run: %v %s", py, err, strings.TrimSpace(stderr.String()))
	}
	exe := strings.TrimSpace(string(out))
	if exe == "" {
		return "", fmt.Errorf("sandbox: python %s does not report its executable", py)
	}
	resolved[py] = exe
	return exe, nil
}

var (
	resolvedMu sync.Mutex
	resolved   = map[string]string{}
)

// workerScript writes the embedded Python package into a folder named by its
// content hash under the user cache folder (once; a binary built anywhere
// then runs its own copy) and returns the worker's path.
func workerScript() (string, error) {
	installMu.Lock()
	defer installMu.Unlock()
	if installed != "" {
		return installed, nil
	}
	sub, err := fs.Sub(pyFiles, "py")
	if err != nil {
		return "", err
	}
	dir, err := pyenv.Materialize("sandbox", sub)
	if err != nil {
		return "", fmt.Errorf("sandbox: writing the Python worker: %w", err)
	}
	installed = filepath.Join(dir, "aimo_sandbox", "worker.py")
	return installed, nil
}

var (
	installMu sync.Mutex
	installed string
)

// Sources returns the worker's Python package as file contents by path
// (aimo_sandbox/worker.py, ...), for programs that ship the same worker
// elsewhere, such as the exported Kaggle notebook.
func Sources() (map[string]string, error) {
	out := map[string]string{}
	err := fs.WalkDir(pyFiles, "py", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := pyFiles.ReadFile(p)
		out[strings.TrimPrefix(p, "py/")] = string(b)
		return err
	})
	return out, err
}
