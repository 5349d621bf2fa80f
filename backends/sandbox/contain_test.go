package sandbox

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// The tests in this file run hostile code in a real sandbox and check that it
// is contained and reported, that aimo's process is unharmed, and (in
// testPool's cleanup) that no process is left behind.

func TestStatePersistsAcrossCells(t *testing.T) {
	s := session(t, testPool(t, Config{}, 1))
	run(t, s, "x = 1")
	if r := run(t, s, "print(x)"); r.Output != "1\n" || r.Error != "" {
		t.Fatalf("second cell = %+v, want output 1", r)
	}
}

func TestInfiniteLoopTimesOutAndTheSessionGoesOn(t *testing.T) {
	s := session(t, testPool(t, Config{Timeout: time.Second, CPUTime: -1}, 1))
	run(t, s, "x = 1")
	start := time.Now()
	r := run(t, s, "while True:\n    pass")
	if !r.TimedOut || !r.Reset || !strings.HasPrefix(r.Error, "TimeoutError: the cell ran longer than 1s") {
		t.Fatalf("infinite loop = %+v, want a timeout that resets the state", r)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("the timeout took %s to act, want about 1s", took)
	}
	if r := run(t, s, "print(2 + 2)"); r.Output != "4\n" {
		t.Fatalf("cell after the timeout = %+v, want 4", r)
	}
	if r := run(t, s, "x"); !strings.Contains(r.Error, "NameError") {
		t.Errorf("x survived the reset: %+v", r)
	}
}

func TestCellThatNeverReturnsTimesOutWithWhatItPrinted(t *testing.T) {
	s := session(t, testPool(t, Config{Timeout: time.Second}, 1))
	r := run(t, s, "print('started')\nimport time\ntime.sleep(10**6)")
	if !r.TimedOut || r.Output != "started\n" {
		t.Fatalf("sleeping cell = %+v, want a timeout that shows 'started'", r)
	}
	want := "started\nTimeoutError: the cell ran longer than 1s and was stopped. " + resetNote
	if r.Text() != want {
		t.Errorf("the model sees %q, want %q", r.Text(), want)
	}
}

func TestCPUTimeLimitStopsTheCellAndKeepsState(t *testing.T) {
	s := session(t, testPool(t, Config{Timeout: 10 * time.Second, CPUTime: time.Second}, 1))
	run(t, s, "kept = 7")
	r := run(t, s, "while True:\n    pass")
	if r.TimedOut || !strings.Contains(r.Error, "CPUTimeExceeded") {
		t.Fatalf("CPU-bound cell = %+v, want CPUTimeExceeded", r)
	}
	if r := run(t, s, "kept"); r.Output != "7\n" {
		t.Fatalf("state after the CPU limit = %+v, want kept", r)
	}
}

func TestForkBombIsContained(t *testing.T) {
	p := testPool(t, Config{Timeout: 5 * time.Second, MaxProcs: 32}, 1)
	s := session(t, p)
	r := run(t, s, "import os\nwhile True:\n    os.fork()")
	if !r.TimedOut && !strings.Contains(r.Error, "BlockingIOError") {
		t.Fatalf("fork bomb = %+v, want BlockingIOError or a timeout", r)
	}
	if r := run(t, s, "print('fine')"); r.Output != "fine\n" {
		t.Fatalf("cell after the fork bomb = %+v", r)
	}
	if left := closeSession(s); len(left) > 0 {
		t.Fatalf("fork bomb left %d processes: %s", len(left), left[0])
	}
}

func TestProcessesThatLeaveTheGroupDieWithTheSession(t *testing.T) {
	s := session(t, testPool(t, Config{}, 1))
	r := run(t, s, "import subprocess\nfor _ in range(3):\n    subprocess.Popen(['sleep', '1000'], start_new_session=True)\nprint('spawned')")
	if r.Output != "spawned\n" {
		t.Fatalf("spawning = %+v", r)
	}
	if left := closeSession(s); len(left) > 0 {
		t.Fatalf("escaped processes survived Close: %s", strings.Join(left, "; "))
	}
}

func TestMemoryBombIsReported(t *testing.T) {
	s := session(t, testPool(t, Config{MemoryBytes: 256 << 20, Timeout: 10 * time.Second}, 1))
	for _, code := range []string{
		"x = bytearray(10**10)",
		"chunks = []\nwhile True:\n    chunks.append(bytearray(10**7))",
	} {
		r := run(t, s, code)
		if !strings.Contains(r.Error, "MemoryError") && !r.Reset {
			t.Fatalf("%q = %+v, want MemoryError or a killed process", code, r)
		}
	}
	if r := run(t, s, "print('ok')"); r.Output != "ok\n" {
		t.Fatalf("cell after the memory bomb = %+v", r)
	}
}

func TestMillionLinePrintIsTruncatedQuickly(t *testing.T) {
	s := session(t, testPool(t, Config{Timeout: 20 * time.Second}, 1))
	r := run(t, s, "for i in range(10**6):\n    print(i)")
	if !r.Truncated || r.Error != "" {
		t.Fatalf("million lines = %+v, want truncated output", r)
	}
	if !strings.HasPrefix(r.Output, "0\n1\n2\n") || !strings.HasSuffix(r.Output, "999999\n") ||
		!strings.Contains(r.Output, "... [output truncated: ") {
		t.Errorf("output lacks its start, end or notice:\n%s", r.Output)
	}
	if len(r.Output) > DefaultMaxOutput+100 {
		t.Errorf("output is %d bytes, want about %d", len(r.Output), DefaultMaxOutput)
	}
	if r.Duration > 5*time.Second {
		t.Errorf("printing a million lines took %s", r.Duration)
	}
	t.Logf("a million lines took %s", r.Duration)
}

func TestNetworkConnectionFails(t *testing.T) {
	p := testPool(t, Config{}, 1)
	if net := p.Info().Protections[0]; !net.Active {
		t.Skipf("the network cannot be isolated here: %s", net.Detail)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan struct{}, 1)
	go func() {
		if c, err := ln.Accept(); err == nil {
			c.Close()
			accepted <- struct{}{}
		}
	}()
	port := ln.Addr().(*net.TCPAddr).Port
	s := session(t, p)
	r := run(t, s, fmt.Sprintf("import socket\nsocket.create_connection(('127.0.0.1', %d), timeout=2)\nprint('connected')", port))
	if strings.Contains(r.Output, "connected") || !strings.Contains(r.Error, "OSError") {
		t.Fatalf("connection attempt = %+v, want an OSError", r)
	}
	select {
	case <-accepted:
		t.Fatal("the listener accepted a connection from the sandbox")
	case <-time.After(100 * time.Millisecond):
	}
}

func TestWriteOutsideTheTempDirIsDenied(t *testing.T) {
	p := testPool(t, Config{}, 1)
	if !p.launch.root {
		t.Skip("aimo is not root here, so the sandbox runs as the same user and may write where it may")
	}
	outside, err := os.MkdirTemp("", "aimo-outside-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(outside)
	if err := os.Chmod(outside, 0o755); err != nil {
		t.Fatal(err)
	}
	s := session(t, p)
	dir := s.w.dir
	r := run(t, s, fmt.Sprintf("open(%q, 'w').write('x')", filepath.Join(outside, "pwned")))
	if !strings.Contains(r.Error, "PermissionError") {
		t.Fatalf("write outside = %+v, want PermissionError", r)
	}
	if r := run(t, s, "open('inside.txt', 'w').write('ok')\nprint(open('inside.txt').read())"); r.Output != "ok\n" {
		t.Fatalf("write inside the temp dir = %+v", r)
	}
	s.Close()
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the temp dir %s is still there after Close (%v)", dir, err)
	}
}

func TestSecretsAreNotInTheEnvironment(t *testing.T) {
	t.Setenv("OPENAI_API_KEY", "sk-aimo-test-secret")
	t.Setenv("AIMO_SECRET", "aimo-test-secret")
	s := session(t, testPool(t, Config{}, 1))
	r := run(t, s, "import os\nprint(sorted(os.environ))\nprint(os.environ.get('OPENAI_API_KEY'), os.environ.get('AIMO_SECRET'))")
	if strings.Contains(r.Output, "secret") || !strings.Contains(r.Output, "None None") {
		t.Fatalf("the sandbox sees a secret: %+v", r)
	}
}

func TestEnvRefusesSecretsAndAIMOVariables(t *testing.T) {
	for _, name := range []string{"OPENAI_API_KEY", "HF_TOKEN", "AIMO_CACHE", "db_password"} {
		err := Config{Env: map[string]string{name: "x"}}.check()
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("Env %s: error %v, want a refusal naming it", name, err)
		}
	}
	if err := (Config{Env: map[string]string{"SYMPY_USE_CACHE": "no"}}).check(); err != nil {
		t.Errorf("a harmless variable was refused: %v", err)
	}
}

func TestKillingTheParentFails(t *testing.T) {
	p := testPool(t, Config{}, 1)
	if user, procs := p.Info().Protections[1], p.Info().Protections[2]; !user.Active && !procs.Active {
		t.Skipf("neither a separate user nor a pid namespace holds the code here (%s; %s)", user.Detail, procs.Detail)
	}
	s := session(t, p)
	code := fmt.Sprintf("import os\ntry:\n    os.kill(%d, 9)\nexcept OSError as e:\n    print(type(e).__name__)\nos.kill(os.getppid(), 9)\nprint('alive')", os.Getpid())
	r := run(t, s, code)
	if !strings.Contains(r.Output, "PermissionError") && !strings.Contains(r.Output, "ProcessLookupError") {
		t.Fatalf("killing aimo = %+v, want PermissionError or ProcessLookupError", r)
	}
	if r := run(t, s, "print('next')"); r.Output != "next\n" {
		t.Fatalf("cell after the kill attempts = %+v", r)
	}
}

func TestWritingToFD1DirectlyOrClosingIt(t *testing.T) {
	s := session(t, testPool(t, Config{}, 1))
	if r := run(t, s, "import os\n_ = os.write(1, b'direct\\n')"); r.Output != "direct\n" {
		t.Fatalf("os.write(1) = %+v", r)
	}
	run(t, s, "import os, sys\nos.close(1)\nos.close(2)\nsys.stdout.close()")
	if r := run(t, s, "print('back')"); r.Output != "back\n" || r.Reset {
		t.Fatalf("cell after closing fd 1 = %+v", r)
	}
}

func TestGarbageOnTheProtocolChannelResetsTheSession(t *testing.T) {
	s := session(t, testPool(t, Config{}, 1))
	r := run(t, s, "import os\n_ = os.write(201, b'{\"id\": 99}\\n')\nimport time; time.sleep(0.2)")
	if !r.Reset || !strings.Contains(r.Error, "protocol") {
		t.Fatalf("forged reply = %+v, want a reset that names the protocol", r)
	}
	if r := run(t, s, "print(3)"); r.Output != "3\n" {
		t.Fatalf("cell after the reset = %+v", r)
	}
}

func TestProcessExitIsReported(t *testing.T) {
	s := session(t, testPool(t, Config{}, 1))
	r := run(t, s, "print('bye')\nimport sys; sys.stdout.flush()\nimport os; os._exit(3)")
	if !r.Reset || r.Output != "bye\n" || !strings.Contains(r.Error, "exited with status 3") {
		t.Fatalf("os._exit = %+v", r)
	}
}

func TestCancelledContextKillsTheCell(t *testing.T) {
	p := testPool(t, Config{Timeout: time.Minute}, 1)
	s := session(t, p)
	pid := s.w.pid
	ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
	defer cancel()
	if _, err := s.Run(ctx, "import time\ntime.sleep(60)"); err != context.DeadlineExceeded {
		t.Fatalf("Run with a cancelled context: %v, want DeadlineExceeded", err)
	}
	if _, err := os.Stat(fmt.Sprintf("/proc/%d", pid)); err == nil {
		t.Errorf("the worker (pid %d) still runs after its context ended", pid)
	}
}

func TestCancellingThePoolContextKillsEverything(t *testing.T) {
	requirePython(t)
	ctx, cancel := context.WithCancel(context.Background())
	p, err := NewPool(ctx, Config{}, 3)
	if err != nil {
		t.Fatal(err)
	}
	s, err := p.Session(ctx)
	if err != nil {
		t.Fatal(err)
	}
	run(t, s, "x = 1")
	cancel()
	if left := leftovers(p); len(left) > 0 {
		t.Fatalf("processes left after the pool's context ended: %v", left)
	}
	if _, err := s.Run(context.Background(), "x"); err == nil {
		t.Error("Run after the pool's context ended did not fail")
	}
	p.Close()
}

// TestWithoutNamespaces runs where namespaces are unavailable (forced off
// here): the sandbox must say the network is not isolated, and a root aimo
// must still find and kill processes that left the worker's group.
func TestWithoutNamespaces(t *testing.T) {
	t.Setenv("AIMO_SANDBOX_NAMESPACES", "0")
	requirePython(t)
	cfg := Config{}
	if p, err := NewPool(context.Background(), cfg, 0); err == nil {
		p.Close()
	} else if strings.Contains(err.Error(), "closed to other users") {
		// A root aimo whose Python only root may read cannot hand the code
		// to another user without a mount namespace; it must refuse, not
		// run the code as root. The rest needs a Python others may read.
		if _, statErr := os.Stat("/usr/bin/python3"); statErr != nil {
			t.Skipf("no Python that other users may read: %v", err)
		}
		cfg.Python = "/usr/bin/python3"
	} else {
		t.Fatal(err)
	}
	p := testPool(t, cfg, 1)
	info := p.Info()
	if net := info.Protections[0]; net.Active || net.Detail != "NOT isolated (namespaces turned off by AIMO_SANDBOX_NAMESPACES=0)" {
		t.Errorf("network protection = %+v, want NOT isolated with the reason", net)
	}
	if len(info.Warnings()) == 0 {
		t.Error("no warnings without namespaces")
	}
	s := session(t, p)
	if r := run(t, s, "x = 2\nx * 21"); r.Output != "42\n" {
		t.Fatalf("cell = %+v", r)
	}
	if !p.Info().Protections[1].Active {
		return
	}
	r := run(t, s, "import subprocess\nsubprocess.Popen(['sleep', '1000'], start_new_session=True)\nprint('spawned')")
	if r.Output != "spawned\n" {
		t.Fatalf("spawning = %+v", r)
	}
	if left := closeSession(s); len(left) > 0 {
		t.Fatalf("escaped processes survived Close: %s", strings.Join(left, "; "))
	}
}
