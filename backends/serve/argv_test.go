package serve

import (
	"flag"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

func ptr[T any](v T) *T { return &v }

func TestVLLMArgvGolden(t *testing.T) {
	grid := []LoRA{{Name: "r4-a16", Path: "/runs/adapters/r4-a16"}, {Name: "r12-a24", Path: "/runs/adapters/r12-a24"}}
	cases := []struct {
		name string
		o    VLLMOptions
	}{
		{"hub model only", VLLMOptions{Model: "Qwen/Qwen2.5-Math-7B-Instruct"}},
		{"local model with served name", VLLMOptions{Model: "/models/qwen3-8b", ServedName: "qwen3-8b"}},
		{"lora grid with ranks 4 and 12", VLLMOptions{Model: "/models/qwen3-8b", ServedName: "qwen3-8b", LoRAs: grid, MaxLoRARank: max(4, 12)}},
		{"lora with max-loras set", VLLMOptions{Model: "/models/qwen3-8b", LoRAs: grid, MaxLoRARank: 64, MaxLoRAs: 1}},
		{"lora path holding = and a space", VLLMOptions{Model: "/models/qwen3-8b", LoRAs: []LoRA{{Name: "lr", Path: "/runs/lr=1e-4 final"}}, MaxLoRARank: 8}},
		{"all engine flags", VLLMOptions{
			Bin: "/opt/venv/bin/vllm", Model: "/models/qwen3-8b", ServedName: "qwen3-8b", Revision: "main",
			Dtype: "bfloat16", Quantization: "fp8", KVCacheDtype: "fp8", MaxModelLen: 32768,
			GPUMemoryUtilization: 0.9, TensorParallel: 2, PipelineParallel: 2, MaxNumSeqs: 128,
			EnablePrefixCaching: ptr(true), Seed: ptr[int64](0), ExtraArgs: []string{"--reasoning-parser", "qwen3"},
		}},
		{"prefix caching off", VLLMOptions{Model: "/models/qwen3-8b", EnablePrefixCaching: ptr(false)}},
	}
	var b strings.Builder
	for _, c := range cases {
		fmt.Fprintf(&b, "%s:\n  %s\n", c.name, Describe(VLLMArgv(c.o)(8000)))
	}
	testkit.Golden(t, "testdata/vllm_argv.golden", []byte(b.String()), *update)
}

func TestVLLMArgvServesEveryAdapterAtTheRoundedRank(t *testing.T) {
	argv := VLLMArgv(VLLMOptions{Model: "m", LoRAs: []LoRA{{"a", "/a"}, {"b", "/b"}}, MaxLoRARank: 12})(1234)
	want := []string{"--enable-lora", "--max-lora-rank", "16", "--max-loras", "2", "--lora-modules", "a=/a", "b=/b"}
	if got := argv[len(argv)-len(want):]; !slices.Equal(got, want) {
		t.Errorf("argv ends %q, want %q", got, want)
	}
	if !slices.Contains(argv, "1234") || !slices.Contains(argv, "127.0.0.1") {
		t.Errorf("argv %q does not bind 127.0.0.1:1234", argv)
	}
}

func TestLoRARankRoundsUpToAValueVLLMAccepts(t *testing.T) {
	for _, c := range []struct{ rank, want int }{
		{0, 0}, {1, 1}, {2, 8}, {4, 8}, {8, 8}, {12, 16}, {16, 16}, {33, 64}, {300, 320}, {512, 512}, {600, 600},
	} {
		if got := LoRARank(c.rank); got != c.want {
			t.Errorf("LoRARank(%d) = %d, want %d", c.rank, got, c.want)
		}
	}
}

func TestHFArgvGolden(t *testing.T) {
	cases := []struct {
		name string
		o    HFOptions
	}{
		{"model only", HFOptions{Model: "/models/tiny"}},
		{"adapters and every option", HFOptions{
			Python: "/opt/venv/bin/python", Model: "Qwen/Qwen2.5-0.5B-Instruct", ServedName: "tiny",
			LoRAs: []LoRA{{Name: "r8", Path: "/runs/adapters/r8"}, {Name: "r16", Path: "/runs/adapters/r16"}},
			Dtype: "float32", Device: "cpu", Seed: ptr[int64](7), MaxModelLen: 4096,
		}},
	}
	var b strings.Builder
	for _, c := range cases {
		fmt.Fprintf(&b, "%s:\n  %s\n", c.name, Describe(HFArgv(c.o)(8000)))
	}
	testkit.Golden(t, "testdata/hf_argv.golden", []byte(b.String()), *update)
}

func TestDescribeQuotesOnlyWhatTheShellWouldChange(t *testing.T) {
	argv := []string{"vllm", "serve", "/models/a b", "it's", "", `{"name":"x"}`, "$HOME", "name=/p,q", "--seed", "0"}
	want := `vllm serve '/models/a b' 'it'\''s' '' '{"name":"x"}' '$HOME' name=/p,q --seed 0`
	got := Describe(argv)
	if got != want {
		t.Errorf("Describe = %s\nwant       %s", got, want)
	}
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh to read the command line back")
	}
	back, err := exec.Command(sh, "-c", `eval "set -- $1"; for a in "$@"; do printf '[%s]' "$a"; done`, "sh", got).Output()
	if err != nil {
		t.Fatal(err)
	}
	if want := "[" + strings.Join(argv, "][") + "]"; string(back) != want {
		t.Errorf("sh reads the command line back as %s, want %s", back, want)
	}
}
