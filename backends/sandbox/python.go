package sandbox

import (
	"bytes"
	"context"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

//go:embed py/aimo_sandbox/*.py
var pyFiles embed.FS

// FindPython finds the interpreter when neither Config.Python nor
// $AIMO_PYTHON names one. aimo points it at its own virtual environment; the
// default is python3 on PATH.
var FindPython = func() (string, error) { return exec.LookPath("python3") }

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
	dir, err := materialize("sandbox", pyFiles)
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

// materialize writes fsys's .py files under <cache>/aimo/py/<name>-<hash>/,
// atomically, and returns that folder. <cache> is $AIMO_CACHE_HOME, else the
// user cache folder, else the temporary folder.
func materialize(name string, fsys fs.FS) (string, error) {
	files := map[string][]byte{}
	h := sha256.New()
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".py" {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		files[strings.TrimPrefix(p, "py/")] = b
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(b))
		h.Write(b)
		return err
	})
	if err != nil {
		return "", err
	}
	dir := filepath.Join(cacheRoot(), "py", name+"-"+hex.EncodeToString(h.Sum(nil)[:6]))
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), name+".tmp-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	for p, b := range files {
		dst := filepath.Join(tmp, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return "", err
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(dir); statErr == nil {
			return dir, nil // another process wrote the same files first
		}
		return "", err
	}
	return dir, nil
}

func cacheRoot() string {
	if d := os.Getenv("AIMO_CACHE_HOME"); d != "" {
		return d
	}
	base, err := os.UserCacheDir()
	if err != nil {
		base = os.TempDir()
	}
	return filepath.Join(base, "aimo")
}
