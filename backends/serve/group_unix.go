//go:build unix

package serve

import (
	"errors"
	"syscall"
)

// groupsSupported is true: Stop can reach all of a server's processes.
const groupsSupported = true

// signalGroup sends sig to every process of the group; a group that has
// already gone is not an error.
func signalGroup(group int, sig syscall.Signal) error {
	err := syscall.Kill(-group, sig)
	if errors.Is(err, syscall.ESRCH) {
		return nil
	}
	return err
}
