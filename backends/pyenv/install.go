package pyenv

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// Install creates the environment (python3 -m venv) and installs the pinned
// requirements into it with pip, streaming pip's output to w. It is
// idempotent: an installed environment returns at once, an interrupted one
// is completed.
func Install(ctx context.Context, w io.Writer) error {
	dir := Dir()
	if _, err := os.Stat(filepath.Join(dir, completeMarker)); err == nil {
		fmt.Fprintf(w, "python environment: %s (already installed)\n", dir)
		return nil
	}
	base, err := basePython()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	fmt.Fprintf(w, "python environment: creating %s with %s\n", dir, base)
	if _, err := os.Stat(filepath.Join(dir, "bin", "python")); err != nil {
		if err := run(ctx, w, base, "-m", "venv", dir); err != nil {
			return fmt.Errorf("create the virtual environment: %w", err)
		}
	}
	req := filepath.Join(dir, "requirements.txt")
	if err := os.WriteFile(req, Requirements, 0o644); err != nil {
		return err
	}
	py := filepath.Join(dir, "bin", "python")
	if err := run(ctx, w, py, "-m", "pip", "install", "--disable-pip-version-check", "-r", req); err != nil {
		return fmt.Errorf("install the pinned requirements: %w", err)
	}
	return os.WriteFile(filepath.Join(dir, completeMarker), []byte(Hash()+"\n"), 0o644)
}

// basePython is the interpreter that creates the environment: $AIMO_BASE_PYTHON,
// else python3 on PATH.
func basePython() (string, error) {
	if p := os.Getenv("AIMO_BASE_PYTHON"); p != "" {
		return p, nil
	}
	p, err := exec.LookPath("python3")
	if err != nil {
		return "", fmt.Errorf("python3 is not on PATH: install Python 3.10 or newer, then run `aimo doctor --install`")
	}
	return p, nil
}

func run(ctx context.Context, w io.Writer, name string, args ...string) error {
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Stdout, cmd.Stderr = w, w
	return cmd.Run()
}
