//go:build !unix

package sandbox

import "syscall"

const (
	namespaces    = 0
	userNamespace = 0
)

func (iso isolation) sysProcAttr() *syscall.SysProcAttr { return nil }
