package sandbox

import (
	"fmt"
	"math/rand/v2"
	"os"
	"sync"
	"sync/atomic"
)

// isolation is how workers are started: the namespaces they get, and the
// reason when they get none.
type isolation struct {
	flags uintptr
	// userns is set when aimo is not root: a user namespace, in which the
	// worker is root, makes the other namespaces possible.
	userns bool
	note   string
}

// launcher remembers which isolation works on this machine (the first start
// finds out) and hands out a fresh user id per worker when aimo is root.
type launcher struct {
	mu    sync.Mutex
	iso   *isolation
	uids  atomic.Uint32
	root  bool
	netNS string
	mntNS string
	used  []int // uids handed out, for tests that look for leftovers
}

func newLauncher() *launcher {
	l := &launcher{root: os.Geteuid() == 0}
	l.uids.Store(rand.Uint32N(uidSpan))
	l.netNS, _ = os.Readlink("/proc/self/ns/net")
	l.mntNS, _ = os.Readlink("/proc/self/ns/mnt")
	if os.Getenv("AIMO_SANDBOX_NAMESPACES") == "0" {
		l.iso = &isolation{note: "namespaces turned off by AIMO_SANDBOX_NAMESPACES=0"}
	}
	return l
}

// Each worker of a root aimo runs as its own unused uid from this range, so
// one sandbox's fork bomb does not use up another's process limit and no
// sandbox may signal another.
const (
	uidBase = 1 << 30
	uidSpan = 1 << 16
)

func (l *launcher) nextUID() int {
	if !l.root {
		return -1
	}
	uid := uidBase + int(l.uids.Add(1)%uidSpan)
	l.mu.Lock()
	l.used = append(l.used, uid)
	l.mu.Unlock()
	return uid
}

// attempts lists the isolations to try, best first.
func (l *launcher) attempts() []isolation {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.iso != nil {
		return []isolation{*l.iso}
	}
	if namespaces == 0 {
		return []isolation{{note: "network, pid and mount namespaces exist only on Linux"}}
	}
	full := isolation{flags: namespaces}
	if !l.root {
		full = isolation{flags: namespaces | userNamespace, userns: true}
	}
	return []isolation{full, {}}
}

func (l *launcher) settle(iso isolation) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.iso == nil {
		l.iso = &iso
	}
}

func (iso isolation) failed(err error) isolation {
	what := "network, pid and mount namespaces"
	if iso.userns {
		what = "a user namespace with " + what
	}
	return isolation{note: fmt.Sprintf("creating %s failed: %v", what, err)}
}
