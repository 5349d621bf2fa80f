package pyenv

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

func TestPythonSaysHowToInstall(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("AIMO_PYTHON", "")
	t.Setenv("AIMO_VENV", dir)
	// A half-made environment (no completion marker) is not used either.
	if err := os.MkdirAll(filepath.Join(dir, "bin"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err := Python()
	if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "aimo doctor --install") {
		t.Fatalf("Python() = %v; want ErrNotInstalled naming aimo doctor --install", err)
	}
	if err := os.WriteFile(filepath.Join(dir, completeMarker), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if py, err := Python(); err != nil || py != filepath.Join(dir, "bin", "python") {
		t.Fatalf("Python() = %q, %v after install", py, err)
	}
}

func TestDirIsKeyedByRequirements(t *testing.T) {
	t.Setenv("AIMO_VENV", "")
	t.Setenv("AIMO_CACHE_HOME", "/x")
	if got, want := Dir(), "/x/venv-"+Hash(); got != want {
		t.Errorf("Dir() = %q, want %q", got, want)
	}
	if !strings.Contains(string(Requirements), "torch==") {
		t.Error("the embedded requirements pin no torch")
	}
}

func TestMaterializeIsContentAddressed(t *testing.T) {
	t.Setenv("AIMO_CACHE_HOME", t.TempDir())
	one := fstest.MapFS{"pkg/a.py": {Data: []byte("x = 1\n")}, "pkg/notes.txt": {Data: []byte("skipped")}}
	two := fstest.MapFS{"pkg/a.py": {Data: []byte("x = 2\n")}}
	d1, err := Materialize("p", one)
	if err != nil {
		t.Fatal(err)
	}
	again, _ := Materialize("p", one)
	d2, _ := Materialize("p", two)
	if d1 != again || d1 == d2 {
		t.Fatalf("same files gave %q and %q; other files gave %q", d1, again, d2)
	}
	if b, _ := os.ReadFile(filepath.Join(d2, "pkg", "a.py")); string(b) != "x = 2\n" {
		t.Errorf("a.py = %q", b)
	}
	if _, err := os.Stat(filepath.Join(d1, "pkg", "notes.txt")); err == nil {
		t.Error("a non-Python file was written")
	}
}
