// Package files is aimo's policy for the files an experiment names: imports,
// dataset files and replay files. A path must resolve, symlinks followed,
// inside the experiment's folder or a library folder (-J); it must be a
// regular file, checked before it is opened so a named pipe or a device never
// blocks or streams forever; and it is read with a byte bound. An error about
// a file's content quotes at most a short, escaped excerpt of it.
package files

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// DefaultMaxMB is the default bound on one file's size, in MB; an experiment
// raises it with limits.file_mb.
const DefaultMaxMB = 2048

// Policy says which files may be read and how much of each.
type Policy struct {
	// Roots are the folders files may resolve in: the experiment's folder
	// first, then the library folders. Empty means any folder (a library
	// caller that has no experiment); the other checks still apply.
	Roots []string
	// MaxBytes bounds one file's size; 0 means DefaultMaxMB.
	MaxBytes int64
	// Raise says how a user raises MaxBytes, for the error that names it.
	Raise string
}

// Error is a file an experiment names that the policy refuses. aimo exits 2
// on it, before anything is written.
type Error struct {
	Path   string // the path as the experiment names it
	Reason string // what is wrong, and what to do about it
	Err    error  // fs.ErrNotExist for a missing file, else nil
}

func (e *Error) Error() string { return e.Path + ": " + e.Reason }
func (e *Error) Unwrap() error { return e.Err }

// ExitCode is 2: bad config or bad input.
func (e *Error) ExitCode() int { return 2 }

// Check resolves path and returns the real path it names, or an *Error when
// the policy refuses it. It never opens the file.
func (p Policy) Check(path string) (string, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", &Error{Path: path, Reason: err.Error()}
	}
	real, err := filepath.EvalSymlinks(abs)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return "", &Error{Path: path, Reason: "no such file", Err: fs.ErrNotExist}
		}
		return "", &Error{Path: path, Reason: fmt.Sprintf("cannot resolve: %v", errors.Unwrap(err))}
	}
	if !p.inside(real) {
		return "", &Error{Path: path, Reason: "outside the experiment's folder and library folders, symlinks followed; " +
			"move the file there or add its folder with -J"}
	}
	if special(real) {
		return "", &Error{Path: path, Reason: "is on a kernel file system (/proc, /sys, /dev), not a regular file"}
	}
	info, err := os.Stat(real)
	if err != nil {
		return "", &Error{Path: path, Reason: fmt.Sprintf("cannot read: %v", errors.Unwrap(err))}
	}
	if !info.Mode().IsRegular() {
		return "", &Error{Path: path, Reason: "is " + kind(info.Mode()) + ", not a regular file"}
	}
	if max := p.max(); info.Size() > max {
		return "", p.tooBig(path)
	}
	return real, nil
}

// Open checks path and opens it for reading; reads past MaxBytes fail with
// an *Error that names the limit, in case the file grew after the check.
func (p Policy) Open(path string) (io.ReadCloser, error) {
	real, err := p.Check(path)
	if err != nil {
		return nil, err
	}
	// O_NONBLOCK: should the file have been swapped for a FIFO since the
	// check, opening returns at once instead of waiting for a writer, and
	// the Stat below refuses it. Reads of a regular file ignore the flag.
	f, err := os.OpenFile(real, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, &Error{Path: path, Reason: fmt.Sprintf("cannot read: %v", errors.Unwrap(err))}
	}
	if info, err := f.Stat(); err != nil || !info.Mode().IsRegular() {
		f.Close()
		return nil, &Error{Path: path, Reason: "changed while it was checked; not a regular file"}
	}
	return &bounded{f: f, r: io.LimitReader(f, p.max()+1), left: p.max(), err: p.tooBig(path)}, nil
}

// ReadFile checks path and reads it whole.
func (p Policy) ReadFile(path string) ([]byte, error) {
	r, err := p.Open(path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

func (p Policy) tooBig(path string) error {
	raise := p.Raise
	if raise == "" {
		raise = "limits.file_mb in the experiment"
	}
	return &Error{Path: path, Reason: fmt.Sprintf("larger than the %s limit on one file; raise %s", human(p.max()), raise)}
}

func (p Policy) max() int64 {
	if p.MaxBytes > 0 {
		return p.MaxBytes
	}
	return DefaultMaxMB << 20
}

func (p Policy) roots() []string {
	out := make([]string, 0, len(p.Roots))
	for _, r := range p.Roots {
		out = append(out, resolve(r))
	}
	return out
}

func (p Policy) inside(real string) bool {
	if len(p.Roots) == 0 {
		return true
	}
	for _, r := range p.roots() {
		if real == r || strings.HasPrefix(real, strings.TrimSuffix(r, string(filepath.Separator))+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// resolve makes a root absolute with its symlinks followed, so a root that
// is itself a link still contains the files under it.
func resolve(dir string) string {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return filepath.Clean(dir)
	}
	if r, err := filepath.EvalSymlinks(abs); err == nil {
		return r
	}
	return abs
}

// special reports paths on kernel file systems, whose files claim to be
// regular and empty but read as process secrets or endless streams.
func special(real string) bool {
	for _, fsys := range []string{"/proc", "/sys", "/dev"} {
		if real == fsys || strings.HasPrefix(real, fsys+"/") {
			return true
		}
	}
	return false
}

func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0, m&fs.ModeCharDevice != 0:
		return "a device"
	}
	return "not a plain file"
}

func human(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d-byte", n)
}

// bounded reads at most left bytes and fails with err on the byte after.
type bounded struct {
	f    *os.File
	r    io.Reader
	left int64
	err  error
}

func (b *bounded) Read(p []byte) (int, error) {
	n, err := b.r.Read(p)
	if int64(n) > b.left {
		return int(b.left), b.err
	}
	b.left -= int64(n)
	return n, err
}

func (b *bounded) Close() error { return b.f.Close() }
