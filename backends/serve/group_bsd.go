//go:build unix && !linux

package serve

import "syscall"

// sysProcAttr puts the server in a process group of its own, so that Stop
// reaches the processes it spawns. Outside Linux nothing kills it when aimo
// dies without stopping it.
func sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}

// groupAlive reports whether any process of the group still answers signals.
func groupAlive(group int) bool {
	return syscall.Kill(-group, 0) == nil
}
