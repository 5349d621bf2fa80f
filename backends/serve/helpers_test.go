//go:build linux

package serve

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// standinSpec is a Spec that runs the stand-in with flags; the stand-in
// records its pid, argv and environment in the returned directory.
func standinSpec(t *testing.T, flags ...string) (Spec, string) {
	t.Helper()
	dir := t.TempDir()
	return Spec{
		Name: "model test",
		Argv: func(port int) []string {
			return append([]string{self(t), "--port", strconv.Itoa(port), "--standin-dir", dir}, flags...)
		},
		Env:            []string{standinEnv},
		LogPath:        filepath.Join(dir, "logs", "server.log"),
		StartupTimeout: 20 * time.Second,
	}, dir
}

func self(t *testing.T) string {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	return exe
}

// readPid waits for the stand-in to write a pid file and returns the pid.
func readPid(t *testing.T, dir, name string) int {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if pid, perr := strconv.Atoi(strings.TrimSpace(string(b))); err == nil && perr == nil {
			return pid
		}
		if time.Now().After(deadline) {
			t.Fatalf("the stand-in wrote no %s", name)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// running reports whether pid is a live process; an unreaped zombie holds
// nothing and counts as gone.
func running(pid int) bool {
	state, _, ok := readStat(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	return ok && state != 'Z' && state != 'X'
}

// assertGone fails unless every pid has exited within a few seconds.
func assertGone(t *testing.T, pids ...int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for _, pid := range pids {
		for running(pid) && time.Now().Before(deadline) {
			time.Sleep(20 * time.Millisecond)
		}
		if running(pid) {
			t.Errorf("process %d is still running", pid)
			syscallKill(pid)
		}
	}
}

// syscallKill cleans up after a failed test so that it leaves nothing behind.
func syscallKill(pid int) {
	if p, err := os.FindProcess(pid); err == nil {
		p.Kill()
	}
}
