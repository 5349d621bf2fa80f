package main

import (
	"os"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"sync"
	"sync/atomic"
)

// The collector's settings for the commands that allocate much: what they
// set is put back when they return (Main runs in tests and benchmarks too),
// and a GOGC or GOMEMLIMIT the user set always stands.

// userSetsGC reports whether the user chose the collector's settings.
func userSetsGC() bool { return os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" }

// gcBudget is how `aimo eval` has garbage collected while it streams: not
// each time the heap has doubled (GOGC=100) but only as it nears a memory
// limit: twice what the evaluation of samples and items keeps (about 40
// bytes a sample in the pools, 300 an item), and at least 3 GiB or half the
// machine's memory, whichever is less. The
// stream makes little garbage next to a live heap that only grows, so
// collecting it as the heap grows would mostly mark the same live memory
// again: at 32 million samples, 10-15% of the CPU. A GOGC or GOMEMLIMIT the
// user set stands: then percent is 0 and limit -1 (nothing to change).
func gcBudget(samples, items int) (percent int, limit int64) {
	if userSetsGC() {
		return 0, -1
	}
	floor := int64(3 << 30)
	if ram := physicalMemory(); ram > 0 {
		floor = min(floor, ram/2)
	}
	return -1, max(floor, 2*(40*int64(samples)+300*int64(items)))
}

// setGC sets the collector's percent and memory limit (see gcBudget) and
// returns what puts the previous ones back.
func setGC(percent int, limit int64) (restore func()) {
	if limit < 0 {
		return func() {}
	}
	oldLimit := debug.SetMemoryLimit(limit)
	oldPercent := debug.SetGCPercent(percent)
	return func() {
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}

// lateFloor is the heap below which `aimo run` does not collect: 512 MiB,
// or an eighth of a smaller machine's memory.
func lateFloor() int64 {
	floor := int64(512 << 20)
	if ram := physicalMemory(); ram > 0 {
		floor = min(floor, ram/8)
	}
	return floor
}

// collectLate is how `aimo run` collects garbage: not at all until the heap
// reaches floor, and as Go does by default (GOGC=100) once what the run
// keeps passes half of floor, so that the heap may grow to the larger of
// floor and twice what is kept. A run's garbage is its requests and
// replies, next to a small live heap; collecting it each time the heap
// doubled cost a run of 2,000 instant generations about 40 ms of CPU, an
// eighth of it (page faults, about 2 µs each on a VM, take back a part:
// docs/benchmarks.md).
// What is kept is read after every collection (see afterEachGC), and the
// switch back is made then, before the collector could run again against
// the limit. A user's GOGC or GOMEMLIMIT stands (nothing is changed).
// restore puts the previous settings back.
func collectLate(floor int64) (restore func()) {
	if userSetsGC() {
		return func() {}
	}
	oldLimit := debug.SetMemoryLimit(floor)
	oldPercent := debug.SetGCPercent(-1)
	var once sync.Once
	back := func() {
		once.Do(func() {
			debug.SetGCPercent(oldPercent)
			debug.SetMemoryLimit(oldLimit)
		})
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	var ended atomic.Bool
	afterEachGC(func() bool {
		if ended.Load() {
			return false
		}
		metrics.Read(live)
		if live[0].Value.Kind() == metrics.KindUint64 && live[0].Value.Uint64() > uint64(floor/2) {
			back()
			return false
		}
		return true
	})
	return func() {
		ended.Store(true)
		back()
	}
}

// gcSentinel is an object only a finalizer refers to: it becomes garbage at
// once, and its finalizer runs after the next collection.
type gcSentinel struct{ _ [16]byte }

// afterEachGC calls f on the finalizer goroutine after each collection,
// until f returns false.
func afterEachGC(f func() bool) {
	var arm func()
	arm = func() {
		runtime.SetFinalizer(new(gcSentinel), func(*gcSentinel) {
			if f() {
				arm()
			}
		})
	}
	arm()
}
