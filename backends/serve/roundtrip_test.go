//go:build linux

package serve

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// TestRoundTripThroughTheOpenAIClient starts the stand-in with the command
// line VLLMArgv builds and gets completions from it through the client aimo
// uses for vLLM.
func TestRoundTripThroughTheOpenAIClient(t *testing.T) {
	dir := t.TempDir()
	opts := VLLMOptions{
		Bin: self(t), Model: "/models/qwen", ServedName: "qwen",
		LoRAs:     []LoRA{{Name: "math", Path: "/loras/math"}},
		ExtraArgs: []string{"--standin-dir", dir},
	}
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("AIMO_TEST_PARENT", "inherited")
	srv, err := Start(context.Background(), Spec{
		Name: "model qwen", Argv: VLLMArgv(opts), Port: port,
		Env:     []string{standinEnv, "AIMO_TEST_ADDED=added"},
		LogPath: filepath.Join(dir, "server.log"),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	if srv.Port() != port {
		t.Errorf("Port() = %d, want the %d asked for", srv.Port(), port)
	}
	assertCompletions(t, srv.BaseURL())
	var argv []string
	readJSON(t, filepath.Join(dir, "argv.json"), &argv)
	if want := VLLMArgv(opts)(port)[1:]; !slices.Equal(argv, want) {
		t.Errorf("server got arguments %q, want %q", argv, want)
	}
	var env map[string]string
	readJSON(t, filepath.Join(dir, "env.json"), &env)
	want := map[string]string{"AIMO_TEST_PARENT": "inherited", "AIMO_TEST_ADDED": "added", "PYTHONUNBUFFERED": "1"}
	if fmt.Sprint(env) != fmt.Sprint(want) {
		t.Errorf("server environment = %v, want %v", env, want)
	}
}

func assertCompletions(t *testing.T, baseURL string) {
	t.Helper()
	client, err := openai.New(openai.Config{BaseURLs: []string{baseURL}, Chat: true})
	if err != nil {
		t.Fatal(err)
	}
	const prompt = "What is 2+2?"
	got, err := client.Generate(context.Background(), backends.Request{
		Model:    "qwen",
		Messages: []backends.Message{{Role: "user", Content: prompt}},
		Sampling: backends.Sampling{Temperature: 0.7, MaxTokens: 256},
		N:        2, Seed: 40,
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 {
		t.Fatalf("got %d completions, want 2", len(got))
	}
	for i, c := range got {
		if want := fmt.Sprintf(`\boxed{%d}`, vllmtest.Answer(prompt, 40+int64(i))); !strings.Contains(c.Text, want) {
			t.Errorf("completion %d = %q, want it to contain %s", i, c.Text, want)
		}
	}
}

func readJSON(t *testing.T, path string, v any) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatal(err)
	}
}
