package hf

import "syscall"

// procAttr starts the program in its own process group, killed if aimo
// dies first.
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
