package main

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
)

// TestReadOnlyCacheIsReadable: the commands that only read a cache work on
// a cache file and folder the user cannot write, and leave them as they
// were. Run as root, where file modes stop nothing, the commands run as the
// user nobody.
func TestReadOnlyCacheIsReadable(t *testing.T) {
	srv := vllmtest.New(vllmtest.Options{})
	defer srv.Close()
	url := "base_url=" + srv.URL + "/v1"
	dir := openTempDir(t)
	writeResumeFixture(t, dir)
	if out, err := aimoCmd(dir, "run", "exp.jsonnet", "--tla-str", url, "--cache", "c.db", "-q").CombinedOutput(); err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	writable := openTempDir(t)
	must(t, os.Chmod(writable, 0o777))
	must(t, os.Chmod(filepath.Join(dir, "c.db"), 0o444))
	must(t, os.Chmod(dir, 0o555))
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	before := folderState(t, dir)
	bin := readerBinary(t)
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"cache stats", []string{"cache", "stats", "--cache", "c.db"}, "960 generations, 0 failures"},
		{"cache export", []string{"cache", "export", "--cache", "c.db"}, `"key":`},
		{"eval", []string{"eval", "exp.jsonnet", "--tla-str", url, "--cache", "c.db"}, "majority"},
		{"report", []string{"report", "exp.jsonnet", "--tla-str", url, "--cache", "c.db", "--out", filepath.Join(writable, "report")}, ""},
		{"show", []string{"show", "exp.jsonnet", "--tla-str", url, "--cache", "c.db", "--problem", "p01"}, "p01"},
		{"plan", []string{"plan", "exp.jsonnet", "--tla-str", url, "--cache", "c.db"}, "960"},
		{"diff", []string{"diff", "exp.jsonnet", "exp.jsonnet", "--tla-str", url, "--cache", "c.db"}, "A: exp.jsonnet"},
		{"simulate", []string{"simulate", "exp.jsonnet", "--tla-str", url, "--cache", "c.db", "--runs", "10"}, "10 runs of"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			cmd := asReader(exec.Command(bin, tt.args...), writable)
			cmd.Dir = dir
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			if err := cmd.Run(); errors.Is(err, syscall.EPERM) {
				t.Skipf("cannot run a command as the user nobody here (%v): file modes do not stop root", err)
			} else if err != nil {
				t.Fatalf("%v\nstdout: %s\nstderr: %s", err, stdout.String(), stderr.String())
			}
			if !strings.Contains(stdout.String(), tt.want) {
				t.Errorf("stdout lacks %q:\n%s", tt.want, stdout.String())
			}
			if after := folderState(t, dir); after != before {
				t.Errorf("the folder changed:\nbefore %s\nafter  %s", before, after)
			}
		})
	}
}

// openTempDir is a folder every user may enter, removed at cleanup
// (t.TempDir's parent is private to the test's user).
func openTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "aimo-ro-")
	must(t, err)
	must(t, os.Chmod(dir, 0o755))
	t.Cleanup(func() { os.Chmod(dir, 0o755); os.RemoveAll(dir) })
	return dir
}

// folderState lists a folder's files with their sizes and the cache's bytes.
func folderState(t *testing.T, dir string) string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	must(t, err)
	var parts []string
	for _, e := range entries {
		info, err := e.Info()
		must(t, err)
		parts = append(parts, e.Name()+":"+info.Mode().String()+":"+info.ModTime().String())
	}
	sort.Strings(parts)
	db, err := os.ReadFile(filepath.Join(dir, "c.db"))
	must(t, err)
	return fmt.Sprintf("%s c.db sha256 %x", strings.Join(parts, " "), sha256.Sum256(db))
}

// readerBinary is this test binary where the user nobody can run it.
func readerBinary(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		return os.Args[0]
	}
	bin := filepath.Join(openTempDir(t), "aimo")
	src, err := os.Open(os.Args[0])
	must(t, err)
	defer src.Close()
	dst, err := os.OpenFile(bin, os.O_CREATE|os.O_WRONLY, 0o755)
	must(t, err)
	_, err = io.Copy(dst, src)
	must(t, err)
	must(t, dst.Close())
	return bin
}

// asReader runs cmd as the CLI, as the user nobody when this test runs as
// root, with a writable home.
func asReader(cmd *exec.Cmd, home string) *exec.Cmd {
	cmd.Env = append(os.Environ(), "AIMO_RUN_AS_CLI=1", "HOME="+home, "XDG_CACHE_HOME="+home)
	if os.Geteuid() == 0 {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: 65534, Gid: 65534}}
	}
	return cmd
}
