package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// vllmStandIn behaves like `vllm serve MODEL --port P --served-model-name N
// --lora-modules a=PATH ...` for aimo's launcher: it records its arguments,
// loads for a moment, then serves the OpenAI API for the served name and the
// adapters, recording each request's model. AIMO_STANDIN_MODE=hang makes it
// log a line and never become healthy.
func vllmStandIn(args []string) int {
	dir := os.Getenv("AIMO_STANDIN_DIR")
	_ = os.WriteFile(filepath.Join(dir, "argv"), []byte(strings.Join(args, " ")), 0o644)
	fmt.Println("INFO stand-in vllm: loading weights")
	if os.Getenv("AIMO_STANDIN_MODE") == "hang" {
		fmt.Println("ERROR stand-in vllm: CUDA out of memory while loading")
		time.Sleep(time.Hour)
		return 1
	}
	time.Sleep(300 * time.Millisecond)
	port, names := "", map[string]bool{}
	for i := 0; i < len(args)-1; i++ {
		switch args[i] {
		case "--port":
			port = args[i+1]
		case "--served-model-name":
			names[args[i+1]] = true
		}
	}
	if i := indexOf(args, "--lora-modules"); i >= 0 {
		for _, m := range args[i+1:] {
			if strings.HasPrefix(m, "--") {
				break
			}
			names[strings.SplitN(m, "=", 2)[0]] = true
		}
	}
	l, err := net.Listen("tcp", "127.0.0.1:"+port)
	if err != nil {
		fmt.Println(err)
		return 1
	}
	inner := vllmtest.New(vllmtest.Options{}).Config.Handler
	log, _ := os.OpenFile(filepath.Join(dir, "models"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	return exitOf(http.Serve(l, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/v1/") && r.Method == http.MethodPost {
			body, _ := readAll(r)
			var req struct{ Model string }
			_ = json.Unmarshal(body, &req)
			if !names[req.Model] {
				http.Error(w, `{"error":{"message":"The model does not exist.","type":"NotFoundError","code":404}}`, http.StatusNotFound)
				return
			}
			fmt.Fprintln(log, req.Model)
		}
		inner.ServeHTTP(w, r)
	})))
}

func readAll(r *http.Request) ([]byte, error) {
	var b bytes.Buffer
	_, err := b.ReadFrom(r.Body)
	r.Body.Close()
	r.Body = http.NoBody
	if err == nil {
		r.Body = readCloser{bytes.NewReader(b.Bytes())}
	}
	return b.Bytes(), err
}

type readCloser struct{ *bytes.Reader }

func (readCloser) Close() error { return nil }

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

func exitOf(err error) int {
	if err != nil {
		return 1
	}
	return 0
}

const managedExperiment = `local aimo = import 'aimo.libsonnet';
aimo.experiment {
  name: 'managed',
  datasets: { toy: aimo.dataset.jsonl('toy.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }) },
  models: {
    base: aimo.model.vllm('org/base-7b', path='weights', max_model_len=4096, gpu_memory_utilization=0.8,
                          kv_cache_dtype='fp8', enable_prefix_caching=true, seed=3, startup_timeout_s=%d),
  },
  adapters: { lora: aimo.lora.grid(base='base', train='toy', r=[4, 12]) },
  matrix: { model: ['base', 'lora'] },
  samples: 2,
}
`

// managedFixture writes a sweep of a managed vLLM model with a two-adapter
// grid, puts the stand-in first on PATH as `vllm`, and records both adapters
// as trained (a finished folder with its metrics, as the trainer leaves it)
// so the launcher is tested without training.
func managedFixture(t *testing.T, startupTimeout int) (dir string, env []string) {
	dir = t.TempDir()
	var b strings.Builder
	for i := range 10 {
		fmt.Fprintf(&b, `{"id": "p%d", "q": "What is %d + %d?", "a": "%d"}`+"\n", i, i, i, 2*i)
	}
	must(t, os.WriteFile(filepath.Join(dir, "toy.jsonl"), []byte(b.String()), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "exp.jsonnet"), []byte(fmt.Sprintf(managedExperiment, startupTimeout)), 0o644))
	must(t, os.Mkdir(filepath.Join(dir, "weights"), 0o755))
	bin := filepath.Join(dir, "bin")
	must(t, os.Mkdir(bin, 0o755))
	must(t, os.Symlink(os.Args[0], filepath.Join(bin, "vllm")))
	env = []string{"PATH=" + bin + string(os.PathListSeparator) + os.Getenv("PATH"), "AIMO_STANDIN_DIR=" + dir}

	plan, _ := runOK(t, dir, "plan", "exp.jsonnet", "--json", "--cache", filepath.Join(dir, ".aimo", "cache.db"))
	var p struct{ Trainings []struct{ Name, ID string } }
	must(t, json.Unmarshal([]byte(plan), &p))
	if len(p.Trainings) != 2 {
		t.Fatalf("plan has %d trainings, want 2", len(p.Trainings))
	}
	for _, tr := range p.Trainings {
		a := filepath.Join(dir, ".aimo", "adapters", tr.ID)
		must(t, os.MkdirAll(a, 0o755))
		must(t, os.WriteFile(filepath.Join(a, "adapter_config.json"), []byte(`{}`), 0o644))
		must(t, os.WriteFile(filepath.Join(a, "metrics.json"), []byte(`{"steps": 3, "wall_s": 1.5, "train_loss": [], "eval_loss": []}`), 0o644))
	}
	return dir, env
}

// TestManagedVLLM runs a sweep on a model aimo serves with `vllm serve`: the
// server gets the flags the experiment implies and every adapter, requests
// reach base and adapters by name, and the server is gone afterwards.
func TestManagedVLLM(t *testing.T) {
	dir, env := managedFixture(t, 60)
	cmd := aimoCmd(dir, "run", "exp.jsonnet", "--cache", filepath.Join(dir, ".aimo", "cache.db"))
	cmd.Env = append(cmd.Env, env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("aimo run: %v\n%s\n%s", err, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "60 requests: 0 cached, 60 new, 0 failed") {
		t.Errorf("stdout:\n%s", stdout.String())
	}
	argv, err := os.ReadFile(filepath.Join(dir, "argv"))
	must(t, err)
	got := strings.Fields(string(argv))
	if i := indexOf(got, "--port"); i > 0 {
		got[i+1] = "PORT"
	}
	home := filepath.Join(dir, ".aimo", "adapters")
	want := "serve " + filepath.Join(dir, "weights") + " --host 127.0.0.1 --port PORT --served-model-name org/base-7b" +
		" --kv-cache-dtype fp8 --max-model-len 4096 --gpu-memory-utilization 0.8 --enable-prefix-caching --seed 3" +
		" --enable-lora --max-lora-rank 16 --max-loras 2 --lora-modules"
	if s := strings.Join(got, " "); !strings.HasPrefix(s, want) || !strings.Contains(s, "lora-r4="+home) || !strings.Contains(s, "lora-r12="+home) {
		t.Errorf("vllm was started with\n  %s\nwant it to begin\n  %s\nand name both adapters under %s", s, want, home)
	}
	models, err := os.ReadFile(filepath.Join(dir, "models"))
	must(t, err)
	for _, m := range []string{"org/base-7b", "lora-r4", "lora-r12"} {
		if n := strings.Count(string(models), m+"\n"); n == 0 {
			t.Errorf("no request named %s", m)
		}
	}
	if !strings.Contains(stderr.String(), "model base is ready") {
		t.Errorf("no start-up progress on stderr:\n%s", stderr.String())
	}
	noChildren(t, dir)
}

// TestManagedVLLMNeverHealthy: a server that never answers /health is
// killed after its start-up timeout, and the error quotes its log.
func TestManagedVLLMNeverHealthy(t *testing.T) {
	dir, env := managedFixture(t, 2)
	cmd := aimoCmd(dir, "run", "exp.jsonnet", "--cache", filepath.Join(dir, ".aimo", "cache.db"))
	cmd.Env = append(cmd.Env, append(env, "AIMO_STANDIN_MODE=hang")...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("aimo run: %v (want exit 1)\n%s", err, out)
	}
	for _, want := range []string{"model base: not healthy after 2s", "CUDA out of memory while loading", "server-base.log"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	noChildren(t, dir)
}
