package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// limitFileSize applies AIMO_TEST_FILE_LIMIT (bytes) as this process's
// RLIMIT_FSIZE: no file it writes can grow past it, as on a full disk. It
// binds root too, so the full-disk test needs no mount. Go ignores the
// SIGXFSZ the kernel then sends, so the write fails with EFBIG instead.
func limitFileSize() {
	v := os.Getenv("AIMO_TEST_FILE_LIMIT")
	if v == "" {
		return
	}
	n, err := strconv.ParseUint(v, 10, 64)
	if err != nil {
		panic(err)
	}
	if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &syscall.Rlimit{Cur: n, Max: n}); err != nil {
		panic(err)
	}
}

// TestFullDiskStopsTheRun: `aimo run` on a cache that cannot grow past 2 MB
// stops sending requests as soon as a write fails, exits 1 with the cache's
// path, and its "N new" counts only what the cache holds.
func TestFullDiskStopsTheRun(t *testing.T) {
	srv := vllmtest.New(vllmtest.Options{Words: 1000, Latency: 10 * time.Millisecond})
	defer srv.Close()
	dir := t.TempDir()
	writeResumeFixture(t, dir) // 960 generations of ~6 KB: far more than 2 MB
	cmd := aimoCmd(dir, "run", "exp.jsonnet", "--tla-str", "base_url="+srv.URL+"/v1", "--cache", "c.db", "-q")
	cmd.Env = append(cmd.Env, "AIMO_TEST_FILE_LIMIT="+strconv.Itoa(2<<20))
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !asExit(err, &exit) || exit.ExitCode() != 1 {
		t.Fatalf("exit %v, want 1\nstdout: %s\nstderr: %s", err, stdout.String(), stderr.String())
	}
	cachePath := filepath.Join(".", "c.db")
	if !strings.Contains(stderr.String(), "aimo: cache "+cachePath+": ") || !strings.Contains(stderr.String(), "run the same command again to resume") {
		t.Errorf("stderr does not name the cache and the way out:\n%s", stderr.String())
	}
	m := regexp.MustCompile(`(\d+) new, (\d+) failed.*, (\d+) received but not stored`).FindStringSubmatch(stdout.String())
	if m == nil {
		t.Fatalf("summary does not count the lost generations:\n%s", stdout.String())
	}
	stored := len(exportRows(t, dir))
	if m[1] != strconv.Itoa(stored) {
		t.Errorf("summary says %s new, the cache holds %d:\n%s", m[1], stored, stdout.String())
	}
	// One request carries 4 samples; the run must stop long before the 240
	// requests of the sweep, not make every call and drop the answers.
	if n := srv.Requests("/v1/completions") + srv.Requests("/v1/chat/completions"); n > 120 {
		t.Errorf("server saw %d of 240 requests: the run went on after the cache stopped storing", n)
	}
	t.Logf("%s%s", stdout.String(), stderr.String())
}

func asExit(err error, target **exec.ExitError) bool {
	e, ok := err.(*exec.ExitError)
	*target = e
	return ok
}
