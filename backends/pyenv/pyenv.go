// Package pyenv owns aimo's Python environment: one virtual environment built
// from the pinned requirements.txt embedded here, found by that file's hash so
// a user never activates anything, and the Python programs aimo ships, written
// out of the binary into a content-addressed folder before they run.
//
// A missing environment is not an error until a feature needs it; then the
// error names the command that installs it.
package pyenv

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// Requirements is the pinned requirements file of aimo's Python half.
//
//go:embed requirements.txt
var Requirements []byte

// completeMarker is written last by Install: an environment without it was
// interrupted and is not used.
const completeMarker = ".aimo-complete"

// Hash is a short hash of the requirements; it names the environment, so a
// changed pin gets a fresh one.
func Hash() string {
	sum := sha256.Sum256(Requirements)
	return hex.EncodeToString(sum[:6])
}

// Dir is where the environment lives: $AIMO_VENV when set, else
// <user cache>/aimo/venv-<hash>.
func Dir() string {
	if d := os.Getenv("AIMO_VENV"); d != "" {
		return d
	}
	return filepath.Join(cacheRoot(), "venv-"+Hash())
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

// ErrNotInstalled says the environment is missing and how to make it.
var ErrNotInstalled = errors.New("aimo's Python environment is not installed")

// Python returns the environment's interpreter, or an error wrapping
// ErrNotInstalled that says how to install it. $AIMO_PYTHON overrides it.
func Python() (string, error) {
	if p := os.Getenv("AIMO_PYTHON"); p != "" {
		return p, nil
	}
	dir := Dir()
	py := filepath.Join(dir, "bin", "python")
	if _, err := os.Stat(filepath.Join(dir, completeMarker)); err != nil {
		return "", fmt.Errorf("%w (looked in %s): run `aimo doctor --install` (torch, transformers, peft; a few GB)", ErrNotInstalled, dir)
	}
	return py, nil
}
