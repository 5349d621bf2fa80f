//go:build linux

package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestStartThenStopLeavesNothingBehind(t *testing.T) {
	spec, dir := standinSpec(t, "--standin-sleep", "600ms", "--standin-grandchild")
	var out bytes.Buffer
	spec.Progress, spec.ProgressEvery = &out, 100*time.Millisecond
	srv, err := Start(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	pid, grandchild := readPid(t, dir, "pid"), readPid(t, dir, "grandchild.pid")
	if want := fmt.Sprintf("http://127.0.0.1:%d/v1", srv.Port()); srv.BaseURL() != want {
		t.Errorf("BaseURL() = %q, want %q", srv.BaseURL(), want)
	}
	start := time.Now()
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	// The stand-in exits on SIGTERM, so Stop must not wait out the grace.
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("Stop took %v for a server that exits on SIGTERM", d)
	}
	assertGone(t, pid, grandchild)
	if err := srv.Err(); err != nil {
		t.Errorf("Err() after Stop = %v, want nil", err)
	}
	if err := srv.Stop(); err != nil {
		t.Errorf("second Stop = %v, want nil", err)
	}
	assertProgress(t, out.String(), srv)
}

// assertProgress checks the start line, at least one waiting line while the
// stand-in loads, and the ready line, in that order.
func assertProgress(t *testing.T, out string, srv *Server) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	first := fmt.Sprintf("starting model test on port %d (log: %s)", srv.Port(), srv.LogPath())
	ready := regexp.MustCompile(`^model test is ready at ` + regexp.QuoteMeta(srv.BaseURL()) + ` \(\d+ s\)$`)
	waiting := regexp.MustCompile(`^waiting for model test \(\d+ s\)$`)
	if len(lines) < 3 || lines[0] != first || !ready.MatchString(lines[len(lines)-1]) {
		t.Fatalf("progress =\n%s\nwant %q, waiting lines, then a ready line", out, first)
	}
	for _, line := range lines[1 : len(lines)-1] {
		if !waiting.MatchString(line) {
			t.Errorf("progress line %q, want %q", line, waiting)
		}
	}
}

func TestExitBeforeHealthyQuotesThisRunsLog(t *testing.T) {
	spec, dir := standinSpec(t, "--standin-say", "30", "--standin-exit", "3", "--standin-grandchild")
	os.MkdirAll(filepath.Dir(spec.LogPath), 0o755)
	os.WriteFile(spec.LogPath, []byte("stale line from an earlier run\n"), 0o644)
	_, err := Start(context.Background(), spec)
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("Start = %v, want a *serve.Error", err)
	}
	want := "model test: server exited with status 3 before becoming healthy; last log lines (full log: " + spec.LogPath + "):\n  stand-in: loading shard 11\n"
	if !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error =\n%s\nwant it to begin\n%s", err, want)
	}
	if len(e.Tail) != tailLines || e.Tail[tailLines-1] != "stand-in: out of memory, giving up" {
		t.Errorf("tail = %q, want the last %d lines ending with the stand-in's last words", e.Tail, tailLines)
	}
	log, _ := os.ReadFile(spec.LogPath)
	if !strings.HasPrefix(string(log), "stale line from an earlier run\n==> aimo: starting model test") {
		t.Errorf("the log was not appended to:\n%s", log)
	}
	assertGone(t, readPid(t, dir, "grandchild.pid"))
}

func TestNeverHealthyIsStoppedAfterStartupTimeout(t *testing.T) {
	spec, dir := standinSpec(t, "--standin-unhealthy", "--standin-grandchild")
	spec.StartupTimeout = time.Second
	start := time.Now()
	_, err := Start(context.Background(), spec)
	if err == nil {
		t.Fatal("Start succeeded for a server that is never healthy")
	}
	if d := time.Since(start); d > 8*time.Second {
		t.Errorf("Start gave up after %v, want about 1s", d)
	}
	want := "model test: not healthy after 1s; last log lines (full log: " + spec.LogPath + "):\n"
	if !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "\n  stand-in: still loading") {
		t.Errorf("error =\n%s\nwant it to begin %q and quote the health answers", err, want)
	}
	assertGone(t, readPid(t, dir, "pid"), readPid(t, dir, "grandchild.pid"))
}

func TestCancelDuringStartupStopsTheGroup(t *testing.T) {
	spec, dir := standinSpec(t, "--standin-sleep", "1h", "--standin-grandchild")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		// Cancel as Ctrl-C would: once the server and its engine are running.
		for {
			if _, err := os.Stat(filepath.Join(dir, "grandchild.pid")); err == nil {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		cancel()
	}()
	_, err := Start(ctx, spec)
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "model test: start-up interrupted") {
		t.Fatalf("Start = %v, want it interrupted by the cancelled context", err)
	}
	assertGone(t, readPid(t, dir, "pid"), readPid(t, dir, "grandchild.pid"))
}

func TestStopKillsAServerThatIgnoresSIGTERM(t *testing.T) {
	spec, dir := standinSpec(t, "--standin-ignore-term", "--standin-grandchild")
	spec.StopGrace = 500 * time.Millisecond
	srv, err := Start(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := srv.Stop(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d < spec.StopGrace {
		t.Errorf("Stop returned after %v, before the %v grace", d, spec.StopGrace)
	}
	ws := srv.cmd.ProcessState.Sys().(syscall.WaitStatus)
	if !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Errorf("server ended with %v, want SIGKILL", srv.cmd.ProcessState)
	}
	assertGone(t, readPid(t, dir, "pid"), readPid(t, dir, "grandchild.pid"))
}

func TestServerThatDiesReportsWhyThroughErr(t *testing.T) {
	spec, _ := standinSpec(t, "--standin-die-after", "300ms")
	spec.LogPath = ""
	srv, err := Start(context.Background(), spec)
	if err != nil {
		t.Fatal(err)
	}
	defer os.Remove(srv.LogPath())
	if filepath.Dir(srv.LogPath()) != filepath.Clean(os.TempDir()) {
		t.Errorf("LogPath() = %q, want a file in %s", srv.LogPath(), os.TempDir())
	}
	if srv.Err() != nil {
		t.Errorf("Err() = %v while the server runs, want nil", srv.Err())
	}
	select {
	case <-srv.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("Done() not closed after the server exited")
	}
	err = srv.Err()
	if err == nil || !strings.HasPrefix(err.Error(), "model test: server exited with status 7; last log lines") ||
		!strings.HasSuffix(err.Error(), "\n  stand-in: engine core died") {
		t.Errorf("Err() = %v, want the exit status and the log's last line", err)
	}
	if err := srv.Stop(); err != nil {
		t.Errorf("Stop after the server died = %v, want nil", err)
	}
}

func TestBusyPortIsRefused(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	spec, _ := standinSpec(t)
	spec.Port = l.Addr().(*net.TCPAddr).Port
	_, err = Start(context.Background(), spec)
	want := fmt.Sprintf("model test: port %d is in use", spec.Port)
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("Start = %v, want %q...", err, want)
	}
}

func TestFreePortIsBindable(t *testing.T) {
	port, err := FreePort()
	if err != nil {
		t.Fatal(err)
	}
	l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatalf("FreePort() = %d, but it cannot be bound: %v", port, err)
	}
	l.Close()
}

// TestServerDiesWithItsParent kills an aimo-like parent with SIGKILL, which
// it cannot catch, and expects the kernel to take its server down too.
func TestServerDiesWithItsParent(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(self(t), "--standin-parent", "--standin-dir", dir)
	cmd.Env = append(os.Environ(), standinEnv)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	readPid(t, dir, "pid") // written once the server is healthy
	server := readPid(t, filepath.Join(dir, "server"), "pid")
	if !running(server) {
		t.Fatal("the server is not running while its parent is")
	}
	cmd.Process.Kill()
	assertGone(t, server)
}
