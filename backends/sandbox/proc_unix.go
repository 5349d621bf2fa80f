//go:build unix

package sandbox

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"syscall"
)

const supported = true

// killGroup sends SIGKILL to the process group pid leads.
func killGroup(pid int) { _ = syscall.Kill(-pid, syscall.SIGKILL) }

// flushGroup asks the cells in pid's group to flush what they printed.
func flushGroup(pid int) { _ = syscall.Kill(-pid, syscall.SIGUSR1) }

// pidGone reports whether no process has this pid.
func pidGone(pid int) bool { return syscall.Kill(pid, 0) == syscall.ESRCH }

// signalReason says how a process that a signal ended died, for the model.
func signalReason(sig syscall.Signal) string {
	why := fmt.Sprintf("was killed by signal %d (%s)", int(sig), sig)
	switch sig {
	case syscall.SIGKILL:
		why += "; running out of memory is a common cause"
	case syscall.SIGXCPU:
		why += ": it used up its CPU time"
	}
	return why
}

// killUID kills every process whose real user is uid, until none is left.
// Used where no pid namespace holds the sandbox: a process that left the
// worker's group (setsid, then fork) still runs as the sandbox's own uid.
func killUID(uid int) {
	for range 100 {
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
