package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/internal/testkit"
)

// TestSlurm runs the Slurm launcher through aimo against a real cluster
// (.ci/slurm-up.sh starts a single-node one), with the real trainer and the
// real transformers server on the tiny model: a failing job is reported
// with its exit code and log tail; a 2-adapter grid trains as a job array;
// a sweep served by two replicas survives one replica being cancelled,
// with nothing lost or duplicated in the cache; Ctrl-C leaves no job queued
// or running. All steps share one folder, so the model is built once.
func TestSlurm(t *testing.T) {
	testkit.NeedSlurm(t)
	needPython(t)
	if testing.Short() {
		t.Skip("trains and serves on a Slurm cluster (minutes); skipped with -short")
	}
	root := t.TempDir()
	exp := testkit.Experiment(t, "slurm-tiny.jsonnet")
	cache := filepath.Join(root, "cache.db")
	t.Cleanup(func() { cancelLeftovers(t) })

	t.Run("a failing job is reported with its exit code and log tail", func(t *testing.T) {
		_, stderr, code := runAimo(t, root, nil, "train", exp, "--cache", cache,
			"--tla-str", "setup=echo loading modules for this test; exit 3")
		for _, want := range []string{"training lora-r4: Slurm job", "FAILED with exit code 3", "last log lines (full log: ", "  loading modules for this test"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
		}
		if code != 1 {
			t.Errorf("exit %d, want 1", code)
		}
		noJobsLeft(t)
	})

	t.Run("a grid trains as a job array", func(t *testing.T) {
		_, stderr := runOK(t, root, "train", exp, "--cache", cache)
		if !regexp.MustCompile(`submitted training of lora \(2 adapters\) as Slurm job \d+`).MatchString(stderr) {
			t.Errorf("no job array submitted:\n%s", stderr)
		}
		for _, want := range []string{"trained lora-r4 on ", "trained lora-r8 on ", "lora-r4: step 28/28", "validation loss"} {
			if !strings.Contains(stderr, want) {
				t.Errorf("stderr lacks %q:\n%s", want, stderr)
			}
		}
		lossFalls(t, filepath.Join(root, "adapters"))
		_, again := runOK(t, root, "train", exp, "--cache", cache)
		if strings.Contains(again, "submitted") {
			t.Errorf("trained adapters were submitted again:\n%s", again)
		}
		jobs, _ := runOK(t, root, "jobs", exp, "--cache", cache)
		if n := regexp.MustCompile(`(?m)^\d+_[01] +train +lora +lora-r[48] +COMPLETED +\S+ +\S+ +\S+task-[01]/job.log$`).FindAllString(jobs, -1); len(n) != 2 {
			t.Errorf("aimo jobs does not list the two completed tasks with their logs:\n%s", jobs)
		}
	})

	// 3 cells x 24 problems x 4 samples.
	const requests = "288"
	t.Run("a replica cancelled mid-sweep: the other finishes it", func(t *testing.T) {
		var job string
		cancelled, bothReady := false, false
		onLine := func(line string) {
			if m := regexp.MustCompile(`replica\(s\) of model tiny as Slurm job (\d+)`).FindStringSubmatch(line); m != nil {
				job = m[1]
			}
			bothReady = bothReady || strings.Contains(line, "2 of 2 replicas ready")
			if !cancelled && bothReady && regexp.MustCompile(`^tiny \d+/`+requests).MatchString(line) {
				out, err := exec.Command("scancel", job+"_0").CombinedOutput()
				if err != nil {
					t.Errorf("scancel %s_0: %v %s", job, err, out)
				}
				cancelled = true
			}
		}
		stdout, stderr, code := runAimo(t, root, onLine, "run", exp, "--cache", cache, "--tla-code", "samples=4")
		if code != 0 || !cancelled {
			t.Fatalf("exit %d (want 0), replica cancelled: %v\nstdout:\n%s\nstderr:\n%s", code, cancelled, stdout, stderr)
		}
		if !strings.Contains(stdout, requests+" requests: 0 cached, "+requests+" new, 0 failed") {
			t.Errorf("the sweep did not complete on the replica left:\n%s", stdout)
		}
		if !strings.Contains(stderr, "2 of 2 replicas ready") {
			t.Errorf("both replicas were never ready:\n%s", stderr)
		}
		if !regexp.MustCompile(`replica 1: Slurm job ` + job + `_0 CANCELLED.*; 1 replica\(s\) left`).MatchString(stderr) {
			t.Errorf("aimo did not say the cancelled replica left the pool:\n%s", stderr)
		}
		if rows := exportRowsOf(t, root, cache); len(rows) != 288 {
			t.Errorf("the cache holds %d generations, want 288", len(rows))
		}
		again, _ := runOK(t, root, "run", exp, "--cache", cache, "--tla-code", "samples=4")
		if !strings.Contains(again, requests+" cached, 0 new") {
			t.Errorf("second run was not served from the cache:\n%s", again)
		}
		noJobsLeft(t)
		noChildren(t, root)
	})

	t.Run("Ctrl-C during the sweep leaves no job", func(t *testing.T) {
		out := interruptAt(t, root, "replicas ready", "run", exp, "--cache", filepath.Join(root, "second.db"))
		if !strings.Contains(out, "cancelling Slurm jobs") {
			t.Errorf("aimo did not say it cancelled its jobs:\n%s", out)
		}
		noJobsLeft(t)
		noChildren(t, root)
	})
}

// runAimo runs aimo, handing each stderr line to onLine as it comes, and
// returns its output and exit code.
func runAimo(t *testing.T, dir string, onLine func(string), args ...string) (string, string, int) {
	t.Helper()
	cmd := aimoCmd(dir, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout = &stdout
	pipe, err := cmd.StderrPipe()
	must(t, err)
	must(t, cmd.Start())
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		stderr.WriteString(sc.Text() + "\n")
		if onLine != nil {
			onLine(sc.Text())
		}
	}
	_, _ = io.Copy(&stderr, pipe)
	err = cmd.Wait()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()
}

// exportRowsOf reads the cache at path like exportRows, which fails on a
// key exported twice.
func exportRowsOf(t *testing.T, dir, path string) map[string]string {
	t.Helper()
	link := filepath.Join(dir, "c.db")
	_ = os.Remove(link)
	must(t, os.Symlink(path, link))
	defer os.Remove(link)
	return exportRows(t, dir)
}

// noJobsLeft fails if a job of this experiment is still queued or running.
func noJobsLeft(t *testing.T) {
	t.Helper()
	if left := ourJobs(t); left != "" {
		t.Errorf("jobs left in squeue:\n%s", left)
	}
}

func ourJobs(t *testing.T) string {
	out, err := exec.Command("squeue", "-h", "-o", "%i %j %T").Output()
	if err != nil {
		t.Fatalf("squeue: %v", err)
	}
	var left []string
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, " aimo-slurm-tiny-") {
			left = append(left, line)
		}
	}
	return strings.Join(left, "\n")
}

// cancelLeftovers cancels what a failed test left, so the next run starts clean.
func cancelLeftovers(t *testing.T) {
	if ourJobs(t) != "" {
		_ = exec.Command("scancel", "--name=aimo-slurm-tiny-train-lora").Run()
		_ = exec.Command("scancel", "--name=aimo-slurm-tiny-serve-tiny").Run()
	}
}

// slurmVLLMFixture is the managed-vLLM sweep with two replicas on Slurm,
// served by the stand-in `vllm` (the job inherits aimo's PATH, as sbatch
// exports the environment by default): no Python, no GPU.
func slurmVLLMFixture(t *testing.T, startupTimeout int) (string, []string) {
	testkit.NeedSlurm(t)
	dir, env := managedFixture(t, startupTimeout)
	exp := filepath.Join(dir, "exp.jsonnet")
	src, err := os.ReadFile(exp)
	must(t, err)
	src = bytes.Replace(src, []byte("startup_timeout_s="), []byte("replicas=2, launcher=aimo.launcher.slurm { time: '10' }, startup_timeout_s="), 1)
	must(t, os.WriteFile(exp, src, 0o644))
	return dir, env
}

// TestSlurmVLLMReplicas serves a sweep from two `vllm serve` replicas
// submitted as one job array: both get the flags the experiment implies,
// listening on every interface; requests reach both; no job is left.
func TestSlurmVLLMReplicas(t *testing.T) {
	dir, env := slurmVLLMFixture(t, 60)
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
	if !strings.Contains(string(argv), "--host 0.0.0.0 --port ") || !strings.Contains(string(argv), "--enable-lora") {
		t.Errorf("a replica was started with %s", argv)
	}
	if !strings.Contains(stderr.String(), "2 of 2 replicas ready") {
		t.Errorf("both replicas were never ready:\n%s", stderr.String())
	}
	jobs, _ := runOK(t, dir, "jobs", "exp.jsonnet", "--cache", filepath.Join(dir, ".aimo", "cache.db"))
	if n := strings.Count(jobs, " serve  base  replica "); n != 2 || strings.Contains(jobs, "RUNNING") || strings.Contains(jobs, "PENDING") {
		t.Errorf("aimo jobs after the sweep:\n%s", jobs)
	}
	noChildren(t, dir)
}

// TestSlurmReplicaNeverHealthy: replicas that never answer /health are
// cancelled after the start-up timeout (counted from when they run), and
// the error quotes each one's log.
func TestSlurmReplicaNeverHealthy(t *testing.T) {
	dir, env := slurmVLLMFixture(t, 3)
	cmd := aimoCmd(dir, "run", "exp.jsonnet", "--cache", filepath.Join(dir, ".aimo", "cache.db"))
	cmd.Env = append(cmd.Env, append(env, "AIMO_STANDIN_MODE=hang")...)
	out, err := cmd.CombinedOutput()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("aimo run: %v (want exit 1)\n%s", err, out)
	}
	for _, want := range []string{"model base, replica 2 (not healthy after 3s; cancelled): Slurm job", "CUDA out of memory while loading", "replica-1/job.log"} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	noChildren(t, dir)
	jobs, _ := runOK(t, dir, "jobs", "exp.jsonnet", "--cache", filepath.Join(dir, ".aimo", "cache.db"))
	if strings.Contains(jobs, "RUNNING") || strings.Contains(jobs, "PENDING") {
		t.Errorf("jobs left:\n%s", jobs)
	}
}

// TestSlurmJobsCancelAfterKill: an aimo killed outright cannot cancel its
// jobs; `aimo jobs --cancel` finds them in the ledger and does.
func TestSlurmJobsCancelAfterKill(t *testing.T) {
	dir, env := slurmVLLMFixture(t, 60)
	cache := filepath.Join(dir, ".aimo", "cache.db")
	cmd := aimoCmd(dir, "run", "exp.jsonnet", "--cache", cache)
	cmd.Env = append(cmd.Env, append(env, "AIMO_STANDIN_MODE=hang")...)
	pipe, err := cmd.StderrPipe()
	must(t, err)
	must(t, cmd.Start())
	sc := bufio.NewScanner(pipe)
	for sc.Scan() {
		if strings.Contains(sc.Text(), "RUNNING on") {
			break
		}
	}
	must(t, cmd.Process.Kill())
	_ = cmd.Wait()
	jobs, _ := runOK(t, dir, "jobs", "exp.jsonnet", "--cache", cache)
	if !strings.Contains(jobs, "RUNNING") {
		t.Fatalf("the killed aimo's replicas are not running:\n%s", jobs)
	}
	out, _ := runOK(t, dir, "jobs", "exp.jsonnet", "--cancel", "--cache", cache)
	if !strings.Contains(out, "cancelled 2 task(s)") {
		t.Errorf("aimo jobs --cancel said:\n%s", out)
	}
	deadline := time.Now().Add(30 * time.Second)
	for {
		jobs, _ = runOK(t, dir, "jobs", "exp.jsonnet", "--cache", cache)
		if !strings.Contains(jobs, "RUNNING") && !strings.Contains(jobs, "PENDING") && !strings.Contains(jobs, "COMPLETING") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("jobs still live 30 s after aimo jobs --cancel:\n%s", jobs)
		}
		time.Sleep(500 * time.Millisecond)
	}
	noChildren(t, dir)
}
