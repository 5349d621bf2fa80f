package main

import (
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// TestGCBudget: aimo eval collects garbage by memory use, with room for
// twice what a sweep's evaluation keeps (and 3 GiB at least, or half a
// smaller machine's memory), unless the user set GOGC or GOMEMLIMIT, which
// then stand untouched.
func TestGCBudget(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer func(f func() int64) { physicalMemory = f }(physicalMemory)
	physicalMemory = func() int64 { return 64 << 30 }
	if p, l := gcBudget(1000, 10); p != -1 || l != 3<<30 {
		t.Errorf("small sweep: GOGC %d, limit %d; want off and 3 GiB", p, l)
	}
	physicalMemory = func() int64 { return 2 << 30 }
	if _, l := gcBudget(1000, 10); l != 1<<30 {
		t.Errorf("small sweep on a 2 GiB machine: limit %d; want half its memory", l)
	}
	if p, l := gcBudget(100_000_000, 3_000_000); p != -1 || l != 2*(40*100_000_000+300*3_000_000) {
		t.Errorf("100M samples: GOGC %d, limit %d; want off and twice 4.9 GB", p, l)
	}
	for _, env := range []string{"GOGC", "GOMEMLIMIT"} {
		t.Run(env, func(t *testing.T) {
			t.Setenv(env, "50")
			if p, l := gcBudget(100_000_000, 3_000_000); l != -1 {
				t.Errorf("with %s set: GOGC %d, limit %d; want the user's settings kept", env, p, l)
			}
			setGC(gcBudget(1, 1))() // nothing to set, nothing to restore
		})
	}
}

// TestCollectLate: aimo run does not collect while its heap is below the
// floor, goes back to Go's default once it keeps more than half of it, and
// leaves the settings as it found them; a user's GOGC stands.
func TestCollectLate(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	percent := func() int { p := debug.SetGCPercent(100); debug.SetGCPercent(p); return p }
	before, beforeLimit := percent(), debug.SetMemoryLimit(-1)

	restore := collectLate(64 << 20)
	if p, l := percent(), debug.SetMemoryLimit(-1); p != -1 || l != 64<<20 {
		t.Errorf("during the run: GOGC %d, limit %d; want off under 64 MiB", p, l)
	}
	restore()
	if p, l := percent(), debug.SetMemoryLimit(-1); p != before || l != beforeLimit {
		t.Errorf("after the run: GOGC %d, limit %d; want %d, %d as before", p, l, before, beforeLimit)
	}

	// A run that keeps more than half the floor collects as Go does.
	restore = collectLate(8 << 20)
	defer restore()
	kept := make([][]byte, 0, 16)
	for range 12 {
		kept = append(kept, make([]byte, 1<<20))
	}
	runtime.GC() // measures what is live: 12 MiB
	deadline := time.Now().Add(10 * time.Second)
	for percent() == -1 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if p := percent(); p != before {
		t.Errorf("keeping 12 MiB under an 8 MiB floor: GOGC %d; want back to %d", p, before)
	}
	runtime.KeepAlive(kept)

	t.Run("GOGC", func(t *testing.T) {
		t.Setenv("GOGC", "50")
		restore := collectLate(64 << 20)
		defer restore()
		if p := percent(); p != before {
			t.Errorf("with GOGC set: GOGC %d; want the user's setting kept", p)
		}
	})
}

// TestCollectLateDoesNotThrash: a run that already keeps more than its
// floor does not collect against the limit over and over: the first
// collection hands over to Go's default, which lets the heap double.
func TestCollectLateDoesNotThrash(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	kept := make([][]byte, 0, 16)
	for range 12 {
		kept = append(kept, make([]byte, 1<<20))
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	restore := collectLate(8 << 20)
	var sink []byte
	for range 400 {
		sink = make([]byte, 256<<10) // 100 MiB of garbage, a quarter MiB at a time
	}
	restore()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(kept)
	runtime.KeepAlive(sink)
	// Doubling a 12 MiB heap, 100 MiB of garbage takes about 8 collections;
	// collecting at an 8 MiB limit would take one per allocation.
	if n := after.NumGC - before.NumGC; n > 30 {
		t.Errorf("%d collections for 100 MiB of garbage over 12 MiB kept; want about 8", n)
	}
}
