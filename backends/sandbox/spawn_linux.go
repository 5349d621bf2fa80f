package sandbox

import (
	"os"
	"syscall"
)

const (
	namespaces    = syscall.CLONE_NEWNET | syscall.CLONE_NEWPID | syscall.CLONE_NEWNS
	userNamespace = syscall.CLONE_NEWUSER
)

// sysProcAttr starts the worker as the leader of its own process group (so
// one kill reaches everything it started), killed if aimo dies, in the
// namespaces of iso. In a user namespace aimo's uid is root, which lets the
// worker set up its mounts.
func (iso isolation) sysProcAttr() *syscall.SysProcAttr {
	a := &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL, Cloneflags: iso.flags}
	if iso.userns {
		a.UidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getuid(), Size: 1}}
		a.GidMappings = []syscall.SysProcIDMap{{ContainerID: 0, HostID: os.Getgid(), Size: 1}}
		a.GidMappingsEnableSetgroups = false
	}
	return a
}
