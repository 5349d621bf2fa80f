package cache

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// benchRows is the size of a fully cached rerun the lookup benchmarks read.
const benchRows = 100_000

// fixture is a cache holding benchRows rows, built once per test binary because
// writing it takes longer than reading it.
var fixture struct {
	once sync.Once
	dir  string
	keys []string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if fixture.dir != "" {
		os.RemoveAll(fixture.dir)
	}
	os.Exit(code)
}

// benchRow is a success with about a kilobyte of text, like a short solution.
func benchRow(key string) Row {
	r := success(key)
	r.Completion.Text = strings.Repeat("Let x be the answer; ", 50) + key
	return r
}

func cachedFixture(b *testing.B) (string, []string) {
	fixture.once.Do(func() {
		fixture.dir, fixture.err = os.MkdirTemp("", "aimo-cache-bench")
		if fixture.err != nil {
			return
		}
		s, err := Open(filepath.Join(fixture.dir, "cache.db"))
		if err != nil {
			fixture.err = err
			return
		}
		for i := range benchRows {
			fixture.keys = append(fixture.keys, fmt.Sprintf("%064x", i*2654435761))
			s.Put(benchRow(fixture.keys[i]))
		}
		fixture.err = s.Close()
	})
	if fixture.err != nil {
		b.Fatal(fixture.err)
	}
	return filepath.Join(fixture.dir, "cache.db"), fixture.keys
}

// BenchmarkLookup100k reads every row of a fully cached 100,000-generation rerun,
// 1,000 keys per call as the runner asks per chunk of its plan. One op is one
// full pass.
func BenchmarkLookup100k(b *testing.B) {
	benchmarkPass(b, func(s *Store, keys []string) (int, error) {
		got, err := s.Lookup(keys)
		return len(got), err
	})
}

// BenchmarkFind100k reads every row of a fully cached 100,000-generation
// rerun in one call, as the runner now does once per run.
func BenchmarkFind100k(b *testing.B) {
	path, keys := cachedFixture(b)
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cpu := cpuSeconds()
	for b.Loop() {
		got, err := s.Find(keys)
		if err != nil {
			b.Fatal(err)
		}
		for i, r := range got {
			if r == nil || r.Key != keys[i] {
				b.Fatalf("row %d of %d not found", i, len(keys))
			}
		}
	}
	b.ReportMetric(float64(b.N*len(keys))/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
}

// BenchmarkHas100k checks existence only, as a resume plan does.
func BenchmarkHas100k(b *testing.B) {
	benchmarkPass(b, func(s *Store, keys []string) (int, error) {
		got, err := s.Has(keys)
		return len(got), err
	})
}

func benchmarkPass(b *testing.B, call func(*Store, []string) (int, error)) {
	path, keys := cachedFixture(b)
	s, err := Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	cpu := cpuSeconds()
	for b.Loop() {
		found := 0
		for i := 0; i < len(keys); i += 1000 {
			n, err := call(s, keys[i:min(i+1000, len(keys))])
			if err != nil {
				b.Fatal(err)
			}
			found += n
		}
		if found != len(keys) {
			b.Fatalf("found %d of %d cached rows", found, len(keys))
		}
	}
	b.ReportMetric(float64(b.N*len(keys))/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric((cpuSeconds()-cpu)/float64(b.N), "cpu-s/op")
}

// cpuSeconds is the CPU time, user and system, the process has used: on a
// shared machine wall time also counts other tenants' work.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// BenchmarkPut measures rows per second through the writer, commit included.
func BenchmarkPut(b *testing.B) {
	s := openTemp(b)
	keys := make([]string, b.N)
	for i := range keys {
		keys[i] = fmt.Sprintf("%064x", i)
	}
	b.ResetTimer()
	for i := range b.N {
		s.Put(benchRow(keys[i]))
	}
	if err := s.Flush(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkCommit writes batches of batchRows new rows like a run's (a short text,
// no tool turns) straight through the writer's commit, one transaction each.
// cpu-µs/row is the process's CPU time per row, steadier than wall time on a
// shared machine.
func BenchmarkCommit(b *testing.B) {
	s := openTemp(b)
	batch := make([]Row, batchRows)
	n := 0
	cpu := cpuSeconds()
	for b.Loop() {
		for i := range batch {
			batch[i] = success(fmt.Sprintf("%064x", n))
			batch[i].Completion.ToolTurns = nil
			n++
		}
		if err := s.commit(batch); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric((cpuSeconds()-cpu)/float64(n)*1e6, "cpu-µs/row")
}
