package sandbox

import (
	"fmt"
	"os"
	"sort"
	"strings"
	"time"
)

// Config sets the limits of every worker a Pool starts. Zero fields take the
// defaults below; a negative MemoryBytes, MaxProcs, MaxFileBytes or CPUTime
// turns that limit off.
type Config struct {
	// Python is the interpreter. Empty means $AIMO_PYTHON, then FindPython.
	Python string
	// Timeout is the wall time one cell may take (default 6s). Past it the
	// worker's process group is killed and the session starts afresh.
	Timeout time.Duration
	// CPUTime is the CPU time one cell may use (default: Timeout). Past it
	// the cell raises CPUTimeExceeded and the state survives.
	CPUTime time.Duration
	// MemoryBytes caps each process's address space, RLIMIT_AS (default 2 GiB).
	MemoryBytes int64
	// MaxProcs caps the processes and threads of the sandbox user,
	// RLIMIT_NPROC (default 64).
	MaxProcs int
	// MaxFileBytes caps any file a cell writes, its own output included,
	// RLIMIT_FSIZE (default 64 MiB).
	MaxFileBytes int64
	// MaxOutput is how many bytes of a cell's output the model sees (default
	// 4096): the start and the end, with a notice in between.
	MaxOutput int
	// TracebackLines is how many last lines of a traceback are kept (default 30).
	TracebackLines int
	// Preload is code each worker runs before it is handed out, such as
	// "import sympy, numpy as np"; its names are there in the first cell.
	Preload string
	// Modules are reported in Info besides sympy, numpy and mpmath.
	Modules []string
	// Env adds variables to the sandbox's environment. Names that look like
	// secrets, and AIMO_*, are refused.
	Env map[string]string
	// TempDir is where the private folders are made (default os.TempDir()).
	TempDir string
	// StartTimeout bounds a worker's start, preload included (default 60s).
	StartTimeout time.Duration
}

// Defaults of Config.
const (
	DefaultTimeout      = 6 * time.Second
	DefaultMemoryBytes  = 2 << 30
	DefaultMaxProcs     = 64
	DefaultMaxFileBytes = 64 << 20
	DefaultMaxOutput    = 4096
)

// WithDefaults fills in the zero fields of c with the defaults, as NewPool does:
// the limits every worker of a pool gets.
func (c Config) WithDefaults() Config {
	if c.Timeout <= 0 {
		c.Timeout = DefaultTimeout
	}
	if c.CPUTime == 0 {
		c.CPUTime = c.Timeout
	}
	if c.MemoryBytes == 0 {
		c.MemoryBytes = DefaultMemoryBytes
	}
	if c.MaxProcs == 0 {
		c.MaxProcs = DefaultMaxProcs
	}
	if c.MaxFileBytes == 0 {
		c.MaxFileBytes = DefaultMaxFileBytes
	}
	if c.MaxOutput <= 0 {
		c.MaxOutput = DefaultMaxOutput
	}
	if c.TracebackLines <= 0 {
		c.TracebackLines = 30
	}
	if c.TempDir == "" {
		c.TempDir = os.TempDir()
	}
	if c.StartTimeout <= 0 {
		c.StartTimeout = 60 * time.Second
	}
	return c
}

// secretWords mark environment variable names that must not reach the
// model's code.
var secretWords = []string{"KEY", "TOKEN", "SECRET", "PASSWORD", "PASSWD", "CREDENTIAL", "AUTH"}

func (c Config) check() error {
	for name := range c.Env {
		up := strings.ToUpper(name)
		if strings.HasPrefix(up, "AIMO_") {
			return fmt.Errorf("sandbox: Env may not pass %s into the sandbox (AIMO_* variables stay with aimo)", name)
		}
		for _, w := range secretWords {
			if strings.Contains(up, w) {
				return fmt.Errorf("sandbox: Env may not pass %s into the sandbox: it looks like a secret", name)
			}
		}
	}
	return nil
}

// environ is the whole environment of a worker: nothing is inherited from
// aimo's own, so API keys and AIMO_* settings never reach the model's code.
// Math libraries get one thread each, since many sandboxes share the cores.
func (c Config) environ(dir, binDir string) []string {
	m := map[string]string{
		"PATH":                    binDir + ":/usr/local/bin:/usr/bin:/bin",
		"HOME":                    dir,
		"TMPDIR":                  dir,
		"LANG":                    "C.UTF-8",
		"LC_ALL":                  "C.UTF-8",
		"PYTHONHASHSEED":          "0",
		"PYTHONIOENCODING":        "utf-8",
		"PYTHONDONTWRITEBYTECODE": "1",
		"OMP_NUM_THREADS":         "1",
		"OPENBLAS_NUM_THREADS":    "1",
		"MKL_NUM_THREADS":         "1",
		"MPLBACKEND":              "Agg",
	}
	for k, v := range c.Env {
		m[k] = v
	}
	env := make([]string, 0, len(m))
	for k, v := range m {
		env = append(env, k+"="+v)
	}
	sort.Strings(env)
	return env
}

// seconds is d in whole seconds for the worker's limits: at least 1, or -1
// for "no limit".
func seconds(d time.Duration) int {
	if d < 0 {
		return -1
	}
	s := int((d + time.Second - 1) / time.Second)
	return max(s, 1)
}
