//go:build !linux

package hf

import "syscall"

// procAttr starts the program in its own process group (a parent-death
// signal is Linux's alone: elsewhere the group is killed when the context
// ends or aimo closes it).
func procAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
