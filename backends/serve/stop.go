package serve

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

// killWait bounds how long Stop waits for the group to vanish after SIGKILL.
const killWait = 5 * time.Second

// Stop ends the server: SIGTERM to its whole process group, then SIGKILL to
// whatever is left after StopGrace. It returns once the server and every
// process it started have exited, so their GPU memory is free for the next
// server. Calling it again returns the first result.
func (s *Server) Stop() error {
	s.stop.Do(func() { s.stopErr = s.terminate() })
	return s.stopErr
}

// terminate runs Stop once. The group's id is the server's pid, which the
// kernel does not reuse while any process of the group is alive.
func (s *Server) terminate() error {
	s.stopped.Store(true)
	group := s.cmd.Process.Pid
	if err := signalGroup(group, syscall.SIGTERM); err != nil {
		return fmt.Errorf("%s: stopping the server: %w", s.spec.Name, err)
	}
	if s.exited(group, s.spec.StopGrace) {
		return nil
	}
	if err := signalGroup(group, syscall.SIGKILL); err != nil {
		return fmt.Errorf("%s: killing the server: %w", s.spec.Name, err)
	}
	if s.exited(group, killWait) {
		return nil
	}
	return fmt.Errorf("%s: processes of group %d are still running %v after SIGKILL; check for them with: ps -g %d", s.spec.Name, group, killWait, group)
}

// exited waits up to d for the server and the rest of its group to exit.
func (s *Server) exited(group int, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		select {
		case <-s.done:
			if !groupAlive(group) {
				return true
			}
		default:
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// exitStatus says how a process ended, e.g. "server exited with status 1".
func exitStatus(state *os.ProcessState, err error) string {
	if state == nil {
		return fmt.Sprintf("server ended in an unknown way (%v)", err)
	}
	if ws, ok := state.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return fmt.Sprintf("server was killed by signal %d (%v)", int(ws.Signal()), ws.Signal())
	}
	return fmt.Sprintf("server exited with status %d", state.ExitCode())
}
