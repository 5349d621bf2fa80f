package sandbox

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// killUID kills every process whose real user is uid, until none is left.
// Used where no pid namespace holds the sandbox: a process that left the
// worker's group (setsid, then fork) still runs as the sandbox's own uid.
func killUID(uid int) {
	for round := 0; round < 100; round++ {
		pids := processesOf(uid)
		if len(pids) == 0 {
			return
		}
		for _, pid := range pids {
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
}

func processesOf(uid int) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	want := []byte("\t" + strconv.Itoa(uid) + "\t")
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		status, err := os.ReadFile(filepath.Join("/proc", e.Name(), "status"))
		if err != nil {
			continue
		}
		for _, line := range bytes.Split(status, []byte("\n")) {
			if bytes.HasPrefix(line, []byte("Uid:")) {
				if bytes.HasPrefix(line[4:], want) {
					pids = append(pids, pid)
				}
				break
			}
		}
	}
	return pids
}

// removeAll removes a sandbox folder even where the model's code took away
// its own permissions on parts of it.
func removeAll(dir string) error {
	if err := os.RemoveAll(dir); err == nil {
		return nil
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(p, 0o700)
		}
		return nil
	})
	return os.RemoveAll(dir)
}

// dirPrefix starts the name of every sandbox folder, followed by the pid of
// the aimo that made it.
const dirPrefix = "aimo-sandbox-"

// sweepStale removes the sandbox folders of aimo processes that are gone
// (killed before they could clean up), in dir.
func sweepStale(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), dirPrefix)
		pidText, _, found := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || !found || err != nil || !e.IsDir() || pid <= 0 {
			continue
		}
		if syscall.Kill(pid, 0) == syscall.ESRCH {
			_ = removeAll(filepath.Join(dir, e.Name()))
		}
	}
}
