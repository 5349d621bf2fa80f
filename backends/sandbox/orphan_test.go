package sandbox

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestMain(m *testing.M) {
	if os.Getenv("AIMO_SANDBOX_ORPHAN") == "1" {
		orphanHelper()
		return
	}
	os.Exit(m.Run())
}

// orphanHelper is a stand-in for an aimo that dies mid-run: it starts a
// pool and a session, says what to look for, and waits to be killed.
func orphanHelper() {
	ctx := context.Background()
	p, err := NewPool(ctx, Config{}, 2)
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	s, err := p.Session(ctx)
	if err == nil {
		_, err = s.Run(ctx, "import subprocess\nsubprocess.Popen(['sleep', '1000'], start_new_session=True)\nx = 1")
	}
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	p.launch.mu.Lock()
	uids := fmt.Sprint(p.launch.used)
	p.launch.mu.Unlock()
	fmt.Println(p.Info().Protections[2].Active, p.marker, strings.Trim(uids, "[]"))
	time.Sleep(time.Hour)
}

// TestWorkersDieWithAimo kills an aimo-like process with SIGKILL, which
// leaves it no chance to clean up, and checks that its workers and what
// they started go with it.
func TestWorkersDieWithAimo(t *testing.T) {
	requirePython(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "AIMO_SANDBOX_ORPHAN=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || strings.HasPrefix(line, "error") {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("helper: %q %v", line, err)
	}
	fields := strings.Fields(line)
	pidns, marker, uids := fields[0] == "true", fields[1], []int{}
	for _, f := range fields[2:] {
		uid, _ := strconv.Atoi(f)
		uids = append(uids, uid)
	}
	if !pidns {
		// Without a pid namespace nothing is left to kill a process that
		// left the worker's group once aimo is gone; check the worker only.
		t.Log("no pid namespace: only the worker and its group are checked")
		defer killUIDs(uids)
		uids = nil
	}
	if len(scan(marker, uids)) == 0 {
		t.Fatal("the helper's workers are not running")
	}
	cmd.Process.Kill()
	cmd.Wait()
	defer sweepStale(os.TempDir()) // what the next aimo would do
	var left []string
	for try := 0; try < 30; try++ {
		if left = scan(marker, uids); len(left) == 0 {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("processes outlived the killed aimo: %s", strings.Join(left, "; "))
}

// TestFoldersOfAKilledAimoAreSweptByTheNext checks that a sandbox folder
// whose aimo is gone is removed when the next pool starts, and that one of
// a live aimo is left alone.
func TestFoldersOfAKilledAimoAreSweptByTheNext(t *testing.T) {
	tmp := t.TempDir()
	dead := exec.Command("true")
	if err := dead.Run(); err != nil {
		t.Skip("cannot run true to find a dead pid")
	}
	stale := filepath.Join(tmp, fmt.Sprintf("%s%d-1", dirPrefix, dead.Process.Pid))
	live := filepath.Join(tmp, fmt.Sprintf("%s%d-2", dirPrefix, os.Getpid()))
	other := filepath.Join(tmp, "aimo-sandbox-notes")
	for _, d := range []string{stale, live, other} {
		if err := os.MkdirAll(filepath.Join(d, "sub"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	sweepStale(tmp)
	for d, want := range map[string]bool{stale: false, live: true, other: true} {
		if _, err := os.Stat(d); (err == nil) != want {
			t.Errorf("%s exists = %v, want %v", filepath.Base(d), err == nil, want)
		}
	}
}

func killUIDs(uids []int) {
	for _, uid := range uids {
		killUID(uid)
	}
}
