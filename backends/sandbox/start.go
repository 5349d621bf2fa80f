package sandbox

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
)

// workerConfig is the worker's first input line (see worker.py).
type workerConfig struct {
	Dir            string   `json:"dir"`
	UID            *int     `json:"uid"`
	MemoryBytes    int64    `json:"memory_bytes"`
	CPUSeconds     int      `json:"cpu_seconds"`
	MaxProcs       int      `json:"max_procs"`
	MaxFileBytes   int64    `json:"max_file_bytes"`
	MaxOutput      int      `json:"max_output"`
	TracebackLines int      `json:"traceback_lines"`
	Preload        string   `json:"preload,omitempty"`
	Modules        []string `json:"modules,omitempty"`
	PIDNamespace   bool     `json:"pid_namespace"`
	HostNetNS      string   `json:"host_net_ns"`
	HostMntNS      string   `json:"host_mnt_ns"`
	NetworkNote    string   `json:"network_note,omitempty"`
	Hide           []string `json:"hide,omitempty"`
	AimoUID        int      `json:"aimo_uid"`
}

// errClone marks a start that failed while creating namespaces, which the
// next, weaker isolation may survive.
type errClone struct{ err error }

func (e errClone) Error() string { return e.err.Error() }

// start starts a worker with the best isolation this machine allows.
func (p *Pool) start(ctx context.Context) (*worker, error) {
	isos := p.launch.attempts()
	for i, iso := range isos {
		w, err := p.spawn(ctx, iso)
		var ce errClone
		if errors.As(err, &ce) && i+1 < len(isos) {
			isos[i+1] = iso.failed(ce.err)
			continue
		}
		if err != nil {
			return nil, err
		}
		p.launch.settle(iso)
		return w, nil
	}
	return nil, errors.New("sandbox: no way to start a worker")
}

func (p *Pool) spawn(ctx context.Context, iso isolation) (*worker, error) {
	dir, err := os.MkdirTemp(p.cfg.TempDir, dirPrefix+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	w, err := p.exec(iso, dir)
	if err != nil {
		_ = removeAll(dir)
		return nil, err
	}
	if !p.track(w) {
		w.kill()
		return nil, ErrClosed
	}
	w.release = p.forget
	go w.read(16*p.cfg.MaxOutput + 1<<20)
	if err := w.greet(ctx, p.workerConfig(iso, w), p.cfg.StartTimeout); err != nil {
		w.kill()
		return nil, err
	}
	return w, nil
}

// exec starts the Python process with its pipes and capture file.
func (p *Pool) exec(iso isolation, dir string) (*worker, error) {
	uid := -1
	if !iso.userns {
		uid = p.launch.nextUID()
	}
	if uid >= 0 {
		if err := os.Chown(dir, uid, uid); err != nil {
			return nil, fmt.Errorf("sandbox: %w", err)
		}
	}
	capture, err := newCapture(dir)
	if err != nil {
		return nil, err
	}
	reqR, reqW, err := os.Pipe()
	if err != nil {
		capture.Close()
		return nil, err
	}
	respR, respW, err := os.Pipe()
	if err != nil {
		capture.Close()
		reqR.Close()
		reqW.Close()
		return nil, err
	}
	cmd := &exec.Cmd{
		Path: p.python, Args: []string{p.python, "-B", p.script, "--" + p.marker},
		Env: p.cfg.environ(dir, filepath.Dir(p.python)), Dir: dir,
		Stdin: reqR, Stdout: respW, Stderr: capture, SysProcAttr: iso.sysProcAttr(),
	}
	err = cmd.Start()
	reqR.Close()
	respW.Close()
	if err != nil {
		capture.Close()
		reqW.Close()
		respR.Close()
		if iso.flags != 0 {
			return nil, errClone{err}
		}
		return nil, fmt.Errorf("sandbox: starting %s: %w", p.python, err)
	}
	w := &worker{cmd: cmd, pid: cmd.Process.Pid, uid: uid, pidns: iso.flags != 0, dir: dir,
		stdin: reqW, stdout: respR, capture: capture,
		lines: make(chan []byte), exited: make(chan struct{}), dead: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(w.exited)
	}()
	return w, nil
}

// newCapture makes the file a worker's fds 1 and 2 point at, and unlinks it
// at once: the model's code can write to it but not find or remove it.
func newCapture(dir string) (*os.File, error) {
	name := filepath.Join(dir, ".aimo-output")
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
	if err != nil {
		return nil, fmt.Errorf("sandbox: %w", err)
	}
	_ = os.Remove(name)
	return f, nil
}

func (p *Pool) workerConfig(iso isolation, w *worker) workerConfig {
	c := workerConfig{
		Dir: w.dir, MemoryBytes: p.cfg.MemoryBytes, CPUSeconds: seconds(p.cfg.CPUTime),
		MaxProcs: p.cfg.MaxProcs, MaxFileBytes: p.cfg.MaxFileBytes, MaxOutput: p.cfg.MaxOutput,
		TracebackLines: p.cfg.TracebackLines, Preload: p.cfg.Preload, Modules: p.cfg.Modules,
		PIDNamespace: iso.flags != 0, HostNetNS: p.launch.netNS, HostMntNS: p.launch.mntNS,
		NetworkNote: iso.note, Hide: hidden(), AimoUID: os.Getuid(),
	}
	if w.uid >= 0 {
		c.UID = &w.uid
	}
	return c
}
