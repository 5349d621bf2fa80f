package serve

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
)

// sysProcAttr puts the server in a process group of its own, so that Stop
// reaches the engine processes it spawns, and has the kernel kill it when the
// thread that started it dies. Go ends a thread only when a goroutine locked
// to it exits, which Start never does, so that means when aimo dies, even by
// SIGKILL.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// groupAlive reports whether any process of the group is still running. It
// reads /proc rather than sending signal 0 because an exited process that its
// new parent has not reaped yet (a zombie) still answers signals but holds
// nothing.
func groupAlive(group int) bool {
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		return syscall.Kill(-group, 0) == nil
	}
	for _, path := range stats {
		state, pgrp, ok := readStat(path)
		if ok && pgrp == group && state != 'Z' && state != 'X' {
			return true
		}
	}
	return false
}

// readStat returns a process's state and process group from /proc/PID/stat,
// whose second field (the command name, in parentheses) may hold spaces.
func readStat(path string) (state byte, pgrp int, ok bool) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, 0, false
	}
	s := string(b)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	if len(fields) < 3 {
		return 0, 0, false
	}
	pgrp, err = strconv.Atoi(fields[2])
	return fields[0][0], pgrp, err == nil
}
