// Package serve starts and stops the inference servers aimo manages: vLLM and
// aimo's transformers server, as local child processes. It is opinionated about
// leaving nothing behind: each server runs in its own process group (so the
// engine processes vLLM spawns are stopped with it), dies with aimo on Linux,
// binds only to 127.0.0.1, and counts as started only once its health endpoint
// answers 200. A server that fails says why with the end of its own log.
package serve

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// errNoGroups is returned where process groups do not exist.
var errNoGroups = errors.New("starting servers needs Linux or another Unix; start the server yourself and give aimo its base URL")

// Spec says how to run one server.
type Spec struct {
	// Name names the server in messages, e.g. "model qwen".
	Name string
	// Argv returns the program and its arguments for a port.
	Argv func(port int) []string
	// Env is added to aimo's own environment, which the server inherits whole
	// (it needs HF_HOME, CUDA_VISIBLE_DEVICES and the like). Later entries win.
	Env []string
	// Dir is the working directory; empty means aimo's.
	Dir string
	// Port is the port to serve on; 0 picks a free one on 127.0.0.1.
	Port int
	// HealthPath is polled until it answers 200 (default "/health").
	HealthPath string
	// StartupTimeout bounds loading (default 10 minutes).
	StartupTimeout time.Duration
	// StopGrace is how long Stop waits after SIGTERM before SIGKILL (default 10 s).
	StopGrace time.Duration
	// LogPath receives the server's stdout and stderr, appended; its parent
	// directories are created. Empty means a new file in the temporary directory.
	LogPath string
	// Missing says what to install when the program is not found, e.g.
	// "vllm is not installed: pip install vllm".
	Missing string
	// Progress, when set, receives one line when the server starts, one every
	// ProgressEvery (default 10 s) while it loads, and one when it is ready.
	Progress      io.Writer
	ProgressEvery time.Duration
}

// label names the server in errors raised before its command is known.
func (s Spec) label() string {
	if s.Name == "" {
		return "server"
	}
	return s.Name
}

func (s Spec) withDefaults(argv []string) Spec {
	if s.Name == "" {
		s.Name = filepath.Base(argv[0])
	}
	if s.HealthPath == "" {
		s.HealthPath = "/health"
	}
	if s.StartupTimeout <= 0 {
		s.StartupTimeout = 10 * time.Minute
	}
	if s.StopGrace <= 0 {
		s.StopGrace = 10 * time.Second
	}
	if s.ProgressEvery <= 0 {
		s.ProgressEvery = 10 * time.Second
	}
	return s
}

// Server is a running server. Stop it when done; it is safe for concurrent use.
type Server struct {
	spec    Spec
	port    int
	cmd     *exec.Cmd
	log     *logFile
	done    chan struct{}
	exit    *Error // how the process ended when nobody asked it to; set before done closes
	stopped atomic.Bool
	stop    sync.Once
	stopErr error
}

// Start runs the server and returns once it is healthy. ctx bounds start-up
// only: cancelling it then stops the server and returns ctx's error; once Start
// has returned, only Stop ends the server.
func Start(ctx context.Context, spec Spec) (*Server, error) {
	if !groupsSupported {
		return nil, fmt.Errorf("%s: %w", spec.label(), errNoGroups)
	}
	if spec.Argv == nil {
		return nil, fmt.Errorf("%s: no command given", spec.label())
	}
	port, err := choosePort(spec.Port)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", spec.label(), err)
	}
	argv := spec.Argv(port)
	if len(argv) == 0 {
		return nil, fmt.Errorf("%s: empty command", spec.label())
	}
	spec = spec.withDefaults(argv)
	if !installed(argv[0]) {
		return nil, &MissingError{Name: spec.Name, Program: argv[0], Hint: spec.Missing}
	}
	s := &Server{spec: spec, port: port, done: make(chan struct{})}
	if err := s.launch(argv); err != nil {
		return nil, fmt.Errorf("%s: %w", spec.Name, err)
	}
	progress(spec.Progress, "starting %s on port %d (log: %s)", spec.Name, port, s.log.path)
	if err := s.waitHealthy(ctx); err != nil {
		return nil, err
	}
	return s, nil
}

// launch starts the process with its output going to the log file.
func (s *Server) launch(argv []string) error {
	log, err := openLog(s.spec.LogPath, s.spec.Name, s.port)
	if err != nil {
		return err
	}
	s.log = log
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = s.spec.Dir
	// PYTHONUNBUFFERED makes a Python server's log current, so the lines
	// quoted when it fails are its last ones; the caller may override it.
	cmd.Env = append(append(os.Environ(), "PYTHONUNBUFFERED=1"), s.spec.Env...)
	cmd.Stdout, cmd.Stderr = log.file, log.file
	cmd.SysProcAttr = sysProcAttr()
	err = cmd.Start()
	log.file.Close() // the child holds its own descriptor
	if err != nil {
		return err
	}
	s.cmd = cmd
	go s.wait()
	return nil
}

// wait reaps the process and records how it ended.
func (s *Server) wait() {
	err := s.cmd.Wait()
	if !s.stopped.Load() {
		s.exit = s.failure(exitStatus(s.cmd.ProcessState, err))
	}
	close(s.done)
}

// BaseURL is the server's OpenAI-compatible root, "http://127.0.0.1:PORT/v1".
func (s *Server) BaseURL() string { return "http://" + s.addr() + "/v1" }

// Port is the port the server listens on.
func (s *Server) Port() int { return s.port }

// LogPath is the file holding the server's output.
func (s *Server) LogPath() string { return s.log.path }

// Done is closed when the server process has exited. Call Stop even then, to
// end any processes it left behind.
func (s *Server) Done() <-chan struct{} { return s.done }

// Err says why the server exited on its own, with the end of its log. It is
// nil while the server runs and after Stop.
func (s *Server) Err() error {
	select {
	case <-s.done:
		if s.exit != nil {
			return s.exit
		}
	default:
	}
	return nil
}

func (s *Server) addr() string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(s.port)) }

// installed reports whether program can be run. A path relative to Spec.Dir
// is left for the start itself to check.
func installed(program string) bool {
	if !filepath.IsAbs(program) && strings.ContainsRune(program, filepath.Separator) {
		return true
	}
	_, err := exec.LookPath(program)
	return err == nil
}

func progress(w io.Writer, format string, args ...any) {
	if w != nil {
		fmt.Fprintf(w, format+"\n", args...)
	}
}
