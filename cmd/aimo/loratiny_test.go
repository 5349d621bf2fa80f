package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/pyenv"
	"github.com/aimo-dev/aimo/internal/testkit"
)

// needPython skips a test that needs aimo's Python environment where it is
// not installed, saying how to install it; with AIMO_REQUIRE_PYTHON=1 (CI)
// a missing environment fails instead.
func needPython(t *testing.T) {
	t.Helper()
	if _, err := pyenv.Python(); err != nil {
		if os.Getenv("AIMO_REQUIRE_PYTHON") == "1" {
			t.Fatal(err)
		}
		t.Skip(err)
	}
}

// TestTrainAndServeTiny runs the train-and-serve path for real on CPU: the
// tiny model is built, two adapters are trained and served with the base
// model by the transformers server, and the sweep is evaluated. Around it,
// Ctrl-C during training and during serving must leave no process and no
// half-written adapter, and a second run must train nothing and make no
// request. All steps share one folder, so the model is built once.
func TestTrainAndServeTiny(t *testing.T) {
	needPython(t)
	if testing.Short() {
		t.Skip("trains two adapters on CPU (minutes); skipped with -short")
	}
	root := t.TempDir()
	exp := testkit.Experiment(t, "lora-tiny.jsonnet")
	cache := filepath.Join(root, "cache.db")

	t.Run("interrupt training", func(t *testing.T) {
		out := interruptAt(t, root, "step ", "train", exp, "--cache", cache)
		if !strings.Contains(out, "interrupted: finished work is saved") {
			t.Errorf("stderr does not say the work is saved:\n%s", out)
		}
		noChildren(t, root)
		entries, _ := os.ReadDir(filepath.Join(root, "adapters"))
		for _, e := range entries {
			t.Errorf("adapters/%s exists after an interrupted training: nothing half-written may stay", e.Name())
		}
	})

	t.Run("first run trains, serves and evaluates", func(t *testing.T) {
		stdout, stderr := runOK(t, root, "run", exp, "--cache", cache)
		for _, want := range []string{"144 new, 0 failed", "lora-r4", "lora-r8", "tiny "} {
			if !strings.Contains(stdout, want) {
				t.Errorf("stdout lacks %q:\n%s", want, stdout)
			}
		}
		if n := strings.Count(stderr, "trained lora-"); n != 2 {
			t.Errorf("trained %d adapters, want 2:\n%s", n, stderr)
		}
		noChildren(t, root)
		lossFalls(t, filepath.Join(root, "adapters"))
	})

	t.Run("second run trains nothing and makes no request", func(t *testing.T) {
		stdout, stderr := runOK(t, root, "run", exp, "--cache", cache)
		if !strings.Contains(stdout, "144 cached, 0 new") {
			t.Errorf("second run was not served from the cache:\n%s", stdout)
		}
		for _, never := range []string{"training ", "starting model"} {
			if strings.Contains(stderr, never) {
				t.Errorf("second run printed %q:\n%s", never, stderr)
			}
		}
		plan, _ := runOK(t, root, "plan", exp, "--cache", cache)
		if strings.Count(plan, " trained ") != 2 || !strings.Contains(plan, "aimo_hf.serve") {
			t.Errorf("plan does not show two trained adapters and the server command:\n%s", plan)
		}
	})

	t.Run("interrupt serving", func(t *testing.T) {
		// A fresh cache beside the first: the adapters are found, not
		// retrained, and the server starts again.
		out := interruptAt(t, root, "is ready", "run", exp, "--cache", filepath.Join(root, "second.db"))
		if strings.Contains(out, "training ") {
			t.Errorf("a cache in the same folder retrained its adapters:\n%s", out)
		}
		noChildren(t, root)
	})
}

// runOK runs aimo and fails the test unless it exits 0.
func runOK(t *testing.T, dir string, args ...string) (string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd := aimoCmd(dir, args...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("aimo %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return stdout.String(), stderr.String()
}

// interruptAt starts aimo, sends it SIGINT when its stderr shows marker,
// and returns its stderr once it has exited 1 (the run failed, cleanly).
func interruptAt(t *testing.T, dir, marker string, args ...string) string {
	t.Helper()
	cmd := aimoCmd(dir, args...)
	stderr, err := cmd.StderrPipe()
	must(t, err)
	must(t, cmd.Start())
	var seen bytes.Buffer
	sc := bufio.NewScanner(stderr)
	sent := false
	for sc.Scan() {
		seen.WriteString(sc.Text() + "\n")
		if !sent && strings.Contains(sc.Text(), marker) {
			must(t, cmd.Process.Signal(os.Interrupt))
			sent = true
		}
	}
	_, _ = io.Copy(&seen, stderr)
	err = cmd.Wait()
	var exit *exec.ExitError
	if !sent || !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("aimo %s: marker %q seen: %v; exit: %v (want 1)\n%s", strings.Join(args, " "), marker, sent, err, seen.String())
	}
	return seen.String()
}

// noChildren fails if a live process still names dir on its command line:
// every trainer and server aimo starts is given paths under it.
func noChildren(t *testing.T, dir string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		left := processesNaming(dir)
		if len(left) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("processes left behind:\n%s", strings.Join(left, "\n"))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

func processesNaming(dir string) []string {
	var out []string
	procs, _ := filepath.Glob("/proc/[0-9]*")
	for _, p := range procs {
		cmdline, err := os.ReadFile(filepath.Join(p, "cmdline"))
		if err != nil || !bytes.Contains(cmdline, []byte(dir)) {
			continue
		}
		stat, _ := os.ReadFile(filepath.Join(p, "stat"))
		if i := bytes.LastIndexByte(stat, ')'); i > 0 && i+2 < len(stat) && stat[i+2] == 'Z' {
			continue // exited, waiting to be reaped by an init that does not reap
		}
		out = append(out, filepath.Base(p)+": "+strings.ReplaceAll(string(cmdline), "\x00", " "))
	}
	return out
}

// lossFalls checks each trained adapter kept a checkpoint whose validation
// loss is below the base model's.
func lossFalls(t *testing.T, adapters string) {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(adapters, "*", "metrics.json"))
	if len(files) != 2 {
		t.Fatalf("found %d trained adapters, want 2", len(files))
	}
	for _, f := range files {
		var m struct {
			Initial *float64 `json:"initial_eval_loss"`
			Final   *float64 `json:"final_eval_loss"`
		}
		b, err := os.ReadFile(f)
		must(t, err)
		must(t, json.Unmarshal(b, &m))
		if m.Initial == nil || m.Final == nil || *m.Final >= *m.Initial {
			t.Errorf("%s: validation loss did not fall: %s", f, b)
		}
	}
}
