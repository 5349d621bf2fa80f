package lang

import (
	"fmt"
	"os"
	"runtime/metrics"
	"strconv"
	"time"

	"github.com/google/go-jsonnet"
)

// DefaultJsonnetMaxMB bounds the memory one evaluation may take, in MB,
// unless Options.MaxMemoryMB or $AIMO_JSONNET_MAX_MB says otherwise. Real
// experiments take a few MB; a runaway std.repeat takes everything.
const DefaultJsonnetMaxMB = 1024

// errMemory is the message of an evaluation stopped for taking more memory
// than allowed; the ConfigError that carries it exits 2.
func errMemory(file string, maxMB int) error {
	return &ConfigError{File: file, Jsonnet: fmt.Sprintf("%s: evaluation took more than %d MB of memory (a string, array or object too large?); "+
		"raise the limit with --jsonnet-max-mb or $AIMO_JSONNET_MAX_MB", file, maxMB)}
}

// maxMemoryMB is the evaluation's memory bound: the option, else the
// environment, else the default.
func maxMemoryMB(opts Options) (int, error) {
	if opts.MaxMemoryMB > 0 {
		return opts.MaxMemoryMB, nil
	}
	if s := os.Getenv("AIMO_JSONNET_MAX_MB"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			return 0, fmt.Errorf("$AIMO_JSONNET_MAX_MB: expected a number of MB >= 1, found %q", s)
		}
		return n, nil
	}
	return DefaultJsonnetMaxMB, nil
}

// evaluateBounded evaluates src while watching the heap. go-jsonnet cannot
// be interrupted or told a memory limit, so the evaluation runs on its own
// goroutine and is abandoned once the heap has grown by more than maxMB
// since it started: the caller gets a ConfigError (exit 2) at once, and aimo exits
// before the runaway evaluation takes the machine. The heap is the whole
// process's, so the bound is approximate by what other goroutines allocate
// meanwhile; it is meant to stop gigabytes, not to count megabytes.
func evaluateBounded(vm *jsonnet.VM, file, src string, maxMB int) (string, error) {
	type result struct {
		out string
		err error
	}
	done := make(chan result, 1)
	base := heapBytes()
	go func() {
		out, err := vm.EvaluateAnonymousSnippet(file, src)
		done <- result{out, err}
	}()
	tick := time.NewTicker(2 * time.Millisecond)
	defer tick.Stop()
	limit := uint64(maxMB) << 20
	for {
		select {
		case r := <-done:
			if r.err == nil && uint64(len(r.out)) > limit {
				return "", errMemory(file, maxMB)
			}
			if r.err != nil {
				return "", &ConfigError{File: file, Jsonnet: jsonnetMessage(r.err)}
			}
			return r.out, nil
		case <-tick.C:
			if h := heapBytes(); h > base && h-base > limit {
				return "", errMemory(file, maxMB)
			}
		}
	}
}

// heapBytes is the memory held by heap objects, live or not yet swept.
func heapBytes() uint64 {
	s := make([]metrics.Sample, 1)
	s[0].Name = "/memory/classes/heap/objects:bytes"
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s[0].Value.Uint64()
}
