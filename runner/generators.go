package runner

import (
	"fmt"
	"io"
	"path/filepath"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/replay"
	"github.com/aimo-dev/aimo/internal/files"
	"github.com/aimo-dev/aimo/lang"
)

// Generators opens the backend of each model on first use.
func Generators(e *lang.Experiment) func(model string) (backends.Generator, error) {
	return func(model string) (backends.Generator, error) {
		m, ok := e.Models[model]
		if !ok {
			return nil, fmt.Errorf("unknown model %q", model)
		}
		return newGenerator(e.Files(), e.Dir, m)
	}
}

// openGenerators opens the backend of every model before any request is
// sent: a model whose backend cannot open stops the run before it starts,
// not halfway with the earlier models' workers still running. On failure
// it closes what it opened.
func openGenerators(models []string, open func(string) (backends.Generator, error)) (map[string]backends.Generator, error) {
	gens := make(map[string]backends.Generator, len(models))
	for _, model := range models {
		gen, err := open(model)
		if err != nil {
			closeGenerators(gens)
			return nil, fmt.Errorf("model %s: %w", model, err)
		}
		gens[model] = gen
	}
	return gens, nil
}

// closeGenerators releases what the backends hold between requests (idle
// connections) once a run is over.
func closeGenerators(gens map[string]backends.Generator) {
	for _, g := range gens {
		if c, ok := g.(io.Closer); ok {
			_ = c.Close()
		}
	}
}

// DataPath resolves a path an experiment names: relative to the
// experiment's folder dir, absolute as given.
func DataPath(dir, path string) string {
	if filepath.IsAbs(path) {
		return path
	}
	return filepath.Join(dir, path)
}

// NewGenerator opens the backend that serves m; relative paths resolve
// against dir, the experiment's directory, and files must be in it.
func NewGenerator(dir string, m *lang.Model) (backends.Generator, error) {
	return newGenerator(files.Policy{Roots: []string{dir}}, dir, m)
}

// newGenerator is NewGenerator reading files under pol (the experiment's
// Files: its folder and library folders, limits.file_mb).
func newGenerator(pol files.Policy, dir string, m *lang.Model) (backends.Generator, error) {
	switch m.Backend {
	case "replay":
		f := m.Replay.Fields
		return replay.Open(replay.Source{
			Path:   DataPath(dir, m.Replay.Path),
			Files:  pol,
			Format: m.Replay.Format,
			Fields: replay.Fields{
				ProblemID: f.ProblemID, ProblemText: f.ProblemText, Sample: f.Sample, Text: f.Text,
				CompletionTokens: f.CompletionTokens, Latency: f.Latency, Score: f.Score, Entropy: f.Entropy,
				Reasoning: f.Reasoning, Messages: f.Messages,
			},
		})
	case "openai":
		return openai.New(openai.Config{
			BaseURLs: m.BaseURLs, APIKeyEnv: m.APIKeyEnv, Chat: m.Endpoint == "chat",
			Concurrency: m.Concurrency, Timeout: time.Duration(m.TimeoutS * float64(time.Second)), MaxRetries: maxRetries(m),
		})
	case "vllm":
		if len(m.BaseURLs) > 0 {
			return openai.New(openai.Config{BaseURLs: m.BaseURLs, Chat: m.Endpoint == "chat", Concurrency: m.Concurrency})
		}
		return nil, fmt.Errorf("aimo does not launch vLLM yet: start `vllm serve %s` and declare the model with aimo.model.openai(%q, base_url=...)", m.Name, m.Name)
	}
	return nil, fmt.Errorf("unknown backend %q", m.Backend)
}

// maxRetries maps the language's retries (nil: the default; 0: none) onto
// the client's (0: the default; negative: none).
func maxRetries(m *lang.Model) int {
	switch {
	case m.Retries == nil:
		return 0
	case *m.Retries == 0:
		return -1
	}
	return *m.Retries
}
