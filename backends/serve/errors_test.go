//go:build unix

package serve

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

// TestErrorMessagesGolden pins the text users read when a server cannot start.
func TestErrorMessagesGolden(t *testing.T) {
	start := func(program, hint string) error {
		_, err := Start(context.Background(), Spec{
			Name: "model qwen", Missing: hint,
			Argv: func(port int) []string { return []string{program, "serve"} },
		})
		if !errors.Is(err, exec.ErrNotFound) {
			t.Errorf("Start(%q) = %v, want an error matching exec.ErrNotFound", program, err)
		}
		return err
	}
	errs := []error{
		start("aimo-no-such-vllm", "vllm is not installed: pip install vllm (GPU machine) or use aimo.model.hf for the transformers server"),
		start("aimo-no-such-vllm", ""),
		start("/nonexistent/venv/bin/python", ""),
		&Error{Name: "model qwen", What: "server exited with status 1 before becoming healthy", LogPath: "/runs/x/logs/qwen.log",
			Tail: []string{"torch.OutOfMemoryError: CUDA out of memory.", "ERROR: engine core failed to start"}},
		&Error{Name: "model qwen", What: "not healthy after 10m0s", LogPath: "/runs/x/logs/qwen.log"},
	}
	var b strings.Builder
	for _, err := range errs {
		b.WriteString(err.Error() + "\n")
	}
	testkit.Golden(t, "testdata/errors.golden", []byte(b.String()), *update)
}
