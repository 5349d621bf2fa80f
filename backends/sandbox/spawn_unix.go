//go:build unix && !linux

package sandbox

import "syscall"

const (
	namespaces    = 0
	userNamespace = 0
)

// sysProcAttr starts the worker as the leader of its own process group, so
// one kill reaches everything it started.
func (iso isolation) sysProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
