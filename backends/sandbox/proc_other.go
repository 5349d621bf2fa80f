//go:build !unix

package sandbox

import (
	"fmt"
	"syscall"
)

// The sandbox needs Unix process groups and signals; elsewhere NewPool
// refuses to start.
const supported = false

func killGroup(pid int)                      {}
func flushGroup(pid int)                     {}
func pidGone(pid int) bool                   { return false }
func killUID(uid int)                        {}
func signalReason(sig syscall.Signal) string { return fmt.Sprintf("was killed by signal %d", int(sig)) }
