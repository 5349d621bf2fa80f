//go:build !unix

package serve

import "syscall"

// groupsSupported is false: this system has no process groups to stop a
// server with.
const groupsSupported = false

func sysProcAttr() *syscall.SysProcAttr { return nil }

func signalGroup(group int, sig syscall.Signal) error { return errNoGroups }

func groupAlive(group int) bool { return false }
