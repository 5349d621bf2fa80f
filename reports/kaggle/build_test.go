package kaggle

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/budget"
	"github.com/aimo-dev/aimo/runner"
)

// loadSweep derives the gpt-oss test experiment, optionally edited.
func loadSweep(t *testing.T, edit func(e *lang.Experiment)) *runner.Sweep {
	t.Helper()
	e, err := lang.Load("testdata/exp/gptoss.jsonnet", lang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if edit != nil {
		edit(e)
	}
	sw, err := runner.Derive(e)
	if err != nil {
		t.Fatal(err)
	}
	return sw
}

func cellNamed(t *testing.T, sw *runner.Sweep, adapter string) runner.Cell {
	for _, c := range sw.Plan.Cells {
		if c.Adapter == adapter {
			return c
		}
	}
	t.Fatalf("no cell with adapter %q", adapter)
	return runner.Cell{}
}

func choice(sw *runner.Sweep, c runner.Cell, method string) Choice {
	return Choice{Cell: c, Setting: method + "@8 stop4", Method: method, K: 8, EarlyStop: 4,
		Clamp:  budget.Policy{LowS: 120, HighS: 600, ReserveS: 240},
		Budget: budget.Config{Problems: 50, TotalS: 18000, MarginS: 900}, Trainings: sw.Plan.Trainings}
}

// TestBuildShipsWhatWasMeasured: the engine runs the serve block's
// settings, the attempts and early stop are the selected setting's, the
// time plan keeps the margin, and gpt-oss gets its harmony decoding and
// reasoning effort.
func TestBuildShipsWhatWasMeasured(t *testing.T) {
	sw := loadSweep(t, nil)
	c := cellNamed(t, sw, "")
	cfg, err := Build(sw.Exp, sw.Catalog, choice(sw, c, "entropy_weighted"), AIMO3)
	if err != nil {
		t.Fatal(err)
	}
	s := func(v string) *string { return &v }
	n := func(v int) *int { return &v }
	util, yes := 0.96, true
	want := Engine{Dtype: nil, KVCacheDtype: s("fp8_e4m3"), MaxModelLen: n(32768), GPUMemoryUtilization: &util,
		TensorParallelSize: n(1), PipelineParallelSize: n(1), MaxNumSeqs: n(64), EnablePrefixCaching: &yes, Seed: 11}
	if !reflect.DeepEqual(cfg.Model.Engine, want) {
		t.Errorf("engine %+v, want the serve block %+v", cfg.Model.Engine, want)
	}
	if cfg.Model.Path != "/kaggle/input/gpt-oss-120b/transformers/default/1" || !cfg.Model.Harmony || cfg.Model.LoRA != nil {
		t.Errorf("model %+v: want the kaggle path, harmony decoding, no adapter", cfg.Model)
	}
	if v := cfg.Voting; v != (Voting{Method: "entropy_weighted", Attempts: 8, EarlyStop: 4}) {
		t.Errorf("voting %+v: want the selected setting", v)
	}
	if cfg.Sampling.ReasoningEffort != "high" || cfg.Sampling.Logprobs != 5 || cfg.Sampling.MaxTokens != 30000 {
		t.Errorf("sampling %+v: want the cell's", cfg.Sampling)
	}
	if tm := cfg.Time; tm.MarginS != 900 || tm.TotalS != 18000 || tm.LowS != 120 || tm.HighS != 600 || tm.ReserveS != 240 || tm.GraceS <= 0 {
		t.Errorf("time %+v", tm)
	}
	if o := cfg.Offline; o.Wheels != "/kaggle/input/vllm-wheels" || o.Tiktoken != "/kaggle/input/tiktoken-encodings" || !o.Preload || len(o.Packages) == 0 {
		t.Errorf("offline %+v", o)
	}
}

// TestBuildTakesTheGridsLargestRank: the grid lists r = [16, 8]; every
// adapter of it needs max_lora_rank 16, including the r = 8 one listed last.
func TestBuildTakesTheGridsLargestRank(t *testing.T) {
	sw := loadSweep(t, nil)
	for _, tr := range sw.Plan.Trainings {
		cfg, err := Build(sw.Exp, sw.Catalog, choice(sw, cellNamed(t, sw, tr.Name), "majority"), AIMO3)
		if err != nil {
			t.Fatal(err)
		}
		if l := cfg.Model.LoRA; l == nil || l.Rank != 16 || l.Name != tr.Name || l.Path != "/kaggle/input/gptoss-adapters/lora" {
			t.Errorf("%s (r=%d): lora %+v; want rank 16 and the grid's path", tr.Name, tr.R, l)
		}
	}
}

func TestBuildRefusesWhatTheNotebookCannotRun(t *testing.T) {
	tests := []struct {
		name, method, adapter, reason string
		edit                          func(e *lang.Experiment)
	}{
		{"reward-model voting", "score_weighted", "", "reward model", nil},
		{"entropy without logprobs", "entropy_weighted", "", "requested no logprobs", func(e *lang.Experiment) { e.Sampling.Logprobs = 0 }},
		{"function tools", "majority", "", "tool_format: 'function'", func(e *lang.Experiment) {
			offerTools(e, "function")
			notHarmony(e)
		}},
		{"tools on a harmony model", "majority", "", "harmony format", func(e *lang.Experiment) { offerTools(e, "text") }},
		{"no model path", "majority", "", "no Kaggle path for model oss", func(e *lang.Experiment) { e.Kaggle.Models = nil }},
		{"no kaggle section", "majority", "", "no Kaggle path for model oss", func(e *lang.Experiment) { e.Kaggle = nil }},
		{"no adapter path", "majority", "lora-r8", "no Kaggle path for adapter lora-r8", func(e *lang.Experiment) { e.Kaggle.Adapters = nil }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sw := loadSweep(t, tt.edit)
			_, err := Build(sw.Exp, sw.Catalog, choice(sw, cellNamed(t, sw, tt.adapter), tt.method), AIMO3)
			var ref *RefusalError
			if !errors.As(err, &ref) || !strings.Contains(err.Error(), tt.reason) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("err = %v; want a one-line refusal naming %q", err, tt.reason)
			}
		})
	}
}

func TestKernelMetadataAttachesWhatTheNotebookLoads(t *testing.T) {
	sw := loadSweep(t, nil)
	cfg, err := Build(sw.Exp, sw.Catalog, choice(sw, cellNamed(t, sw, "lora-r8"), "majority"), AIMO3)
	if err != nil {
		t.Fatal(err)
	}
	md := KernelMetadata(sw.Exp)
	if md.ID != "me/gptoss-aimo3" || md.CodeFile != NotebookName || !md.EnableGPU || md.EnableInternet ||
		!reflect.DeepEqual(md.DatasetSources, []string{"me/vllm-wheels", "me/tiktoken-encodings"}) ||
		!reflect.DeepEqual(md.CompetitionSources, []string{lang.DefaultCompetition}) ||
		!reflect.DeepEqual(md.ModelSources, []string{"openai/gpt-oss-120b/transformers/default/1"}) {
		t.Errorf("metadata %+v", md)
	}
	got := Unattached(cfg, md)
	if len(got) != 1 || !strings.HasPrefix(got[0], "/kaggle/input/gptoss-adapters/lora ") {
		t.Errorf("unattached %q; want only the adapter directory, which no source mounts", got)
	}
	sw.Exp.Kaggle.Kernel = ""
	if md := KernelMetadata(sw.Exp); md.ID != Placeholder+"/gptoss-aimo3" {
		t.Errorf("id without kaggle.kernel: %q", md.ID)
	}
}

// offerTools gives every template the python tool in format.
func offerTools(e *lang.Experiment, format string) {
	for _, tpl := range e.Templates {
		tpl.Tools, tpl.ToolFormat = []string{"python"}, format
	}
	e.Tools = lang.Tools{MaxRounds: 5, TimeoutS: 2.5, MemoryMB: 1024, MaxOutput: 2000}
}

// notHarmony makes the test's model one that writes plain text.
func notHarmony(e *lang.Experiment) {
	m := e.Models["oss"]
	m.Name, m.Path, m.Info = "qwen-math", "Qwen/Qwen2.5-Math-7B-Instruct", nil
}

// TestBuildShipsTheToolLoop: a text tool template ships its round limit
// and the sandbox limits the sweep's pool ran with, defaults filled in, so
// the notebook's cells run under the same wall time, CPU time, memory,
// processes, file size, output and traceback limits.
func TestBuildShipsTheToolLoop(t *testing.T) {
	sw := loadSweep(t, func(e *lang.Experiment) {
		offerTools(e, "text")
		notHarmony(e)
	})
	c := cellNamed(t, sw, "")
	cfg, err := Build(sw.Exp, sw.Catalog, choice(sw, c, "majority"), AIMO3)
	if err != nil {
		t.Fatal(err)
	}
	want := &Tools{Format: "text", MaxRounds: 5, Version: c.Tools.Version, Sandbox: Sandbox{TimeoutS: 2.5, TimeoutText: "2.5s",
		CPUSeconds: 3, MemoryBytes: 1024 << 20, MaxProcs: 64, MaxFileBytes: 64 << 20, MaxOutput: 2000, TracebackLines: 30}}
	if !reflect.DeepEqual(cfg.Tools, want) {
		t.Errorf("tools %+v, want %+v", cfg.Tools, want)
	}
	mod, err := Module(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, part := range []string{"SANDBOX_SOURCES = {", "aimo_sandbox/worker.py", "class TextConversation", "class SandboxPool"} {
		if !strings.Contains(mod, part) {
			t.Errorf("the module lacks %q", part)
		}
	}
	plain, err := Module(testConfig())
	if err != nil || strings.Contains(plain, "SANDBOX_SOURCES = {") || strings.Contains(plain, "class SandboxPool") {
		t.Errorf("a configuration without tools ships the sandbox (err %v)", err)
	}
}
