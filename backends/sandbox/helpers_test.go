package sandbox

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// requirePython skips a test that needs a real interpreter when there is
// none, saying so.
func requirePython(t testing.TB) {
	t.Helper()
	if os.Getenv("AIMO_PYTHON") != "" {
		return
	}
	if _, err := exec.LookPath("python3"); err != nil {
		t.Skip("python3 is not installed: the sandbox tests need a real interpreter")
	}
}

// testPool starts a pool with small limits and, when the test ends, closes
// it and fails if any process it started is still there.
func testPool(t testing.TB, cfg Config, warm int) *Pool {
	t.Helper()
	requirePython(t)
	if cfg.Timeout == 0 {
		cfg.Timeout = 3 * time.Second
	}
	if cfg.MemoryBytes == 0 {
		cfg.MemoryBytes = 512 << 20
	}
	p, err := NewPool(context.Background(), cfg, warm)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		p.Close()
		if left := leftovers(p); len(left) > 0 {
			t.Errorf("processes left behind after Close: %s", strings.Join(left, "; "))
		}
	})
	return p
}

func session(t testing.TB, p *Pool) *Session {
	t.Helper()
	s, err := p.Session(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func run(t testing.TB, s *Session, code string) Result {
	t.Helper()
	r, err := s.Run(context.Background(), code)
	if err != nil {
		t.Fatalf("Run(%q): %v", code, err)
	}
	return r
}

// leftovers lists live processes of the pool: its marker on their command
// line (the worker and whatever it forked) or one of its uids (whatever
// those exec'd). It waits a little for the kernel to finish reaping.
func leftovers(p *Pool) []string {
	p.launch.mu.Lock()
	uids := slices.Clone(p.launch.used)
	p.launch.mu.Unlock()
	var left []string
	for try := 0; try < 20; try++ {
		left = scan(p.marker, uids)
		if len(left) == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return left
}

func scan(marker string, uids []int) []string {
	entries, _ := os.ReadDir("/proc")
	var found []string
	for _, e := range entries {
		if _, err := strconv.Atoi(e.Name()); err != nil {
			continue
		}
		dir := filepath.Join("/proc", e.Name())
		cmdline, _ := os.ReadFile(filepath.Join(dir, "cmdline"))
		status, _ := os.ReadFile(filepath.Join(dir, "status"))
		if bytes.Contains(cmdline, []byte(marker)) || ownedBy(status, uids) {
			found = append(found, e.Name()+" "+strings.ReplaceAll(string(cmdline), "\x00", " "))
		}
	}
	return found
}

func ownedBy(status []byte, uids []int) bool {
	for _, line := range strings.Split(string(status), "\n") {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "Uid:" {
			uid, _ := strconv.Atoi(f[1])
			return slices.Contains(uids, uid)
		}
	}
	return false
}

// closeSession closes s and lists what is left of its processes: those of
// its uid where aimo is root, else those of its worker's process group. The
// pool's warm workers are not the session's and are not counted.
func closeSession(s *Session) []string {
	w := s.w
	s.Close()
	if w.uid >= 0 {
		return scanUntilGone(func() []string { return scan("\x00no marker\x00", []int{w.uid}) })
	}
	return scanUntilGone(func() []string { return group(w.pid) })
}

func scanUntilGone(list func() []string) []string {
	var left []string
	for range 20 {
		if left = list(); len(left) == 0 {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return left
}

// group lists the live processes in process group pgid.
func group(pgid int) []string {
	entries, _ := os.ReadDir("/proc")
	var found []string
	for _, e := range entries {
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil {
			continue
		}
		// pid (comm) state ppid pgrp ...: comm may hold spaces, so count
		// from the last parenthesis.
		f := strings.Fields(string(stat[bytes.LastIndexByte(stat, ')')+1:]))
		if len(f) > 2 && f[2] == strconv.Itoa(pgid) {
			found = append(found, e.Name())
		}
	}
	return found
}
