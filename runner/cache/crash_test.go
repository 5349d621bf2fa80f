package cache

import (
	"bufio"
	"bytes"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends"
)

// The crash test re-executes this test binary as a child that writes the cache
// until it is killed. These variables tell the child where and which run it is.
const (
	crashDBEnv  = "AIMO_CACHE_CRASH_DB"
	crashRunEnv = "AIMO_CACHE_CRASH_RUN"
)

// crashRow derives a whole row from its key, so the parent can check any row it
// finds without knowing what the child wrote. Sizes vary so that batches span
// many pages and some rows overflow onto their own.
func crashRow(key string) Row {
	h := fnv.New64a()
	h.Write([]byte(key))
	n := h.Sum64()
	r := Row{Key: key, Cell: "cell-" + key[:3], Problem: "p" + strconv.Itoa(int(n%50)), Sample: int(n % 16),
		Model: "m", CreatedAt: time.Unix(0, int64(n>>2)).UTC(),
		Completion: backends.Completion{Text: strings.Repeat(key+" ", 10+int(n%300)), FinishReason: "stop",
			CompletionTokens: int(n % 9000), LatencyS: float64(n%1000) / 8, Score: f64(float64(n%7) / 4)}}
	if n%3 == 0 {
		r.Completion.MeanEntropy = f64(float64(n%100) / 64)
	}
	if n%2 == 0 {
		r.Completion.ToolTurns = []backends.Turn{{Text: "```python\n", Calls: []backends.Call{{Code: "print(" + key + ")", Output: key + "\n"}}}}
	}
	return r
}

// TestCrashChild is the child half of TestKilledWriterLosesNothingFlushed: it puts
// batches of rows and, after each Flush returns, prints their keys.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashDBEnv)
	if path == "" {
		t.Skip("runs only as the child of TestKilledWriterLosesNothingFlushed")
	}
	run, _ := strconv.Atoi(os.Getenv(crashRunEnv))
	s, err := Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	os.Stdout.WriteString("ready\n")
	rng := rand.New(rand.NewPCG(7, uint64(run)))
	for batch := 0; batch < 100000; batch++ {
		var out strings.Builder
		for i := range 1 + rng.IntN(2*batchRows) {
			key := fmt.Sprintf("r%02d-%05d-%04d", run, batch, i)
			s.Put(crashRow(key))
			out.WriteString("flushed " + key + "\n")
		}
		if err := s.Flush(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		os.Stdout.WriteString(out.String())
	}
	os.Exit(3) // Never reached in time: the parent kills the child first.
}

func TestKilledWriterLosesNothingFlushed(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	path := filepath.Join(t.TempDir(), "cache.db")
	rng := rand.New(rand.NewPCG(2025, 1))
	flushed := map[string]bool{}
	const kills = 12
	for run := range kills {
		// Every fourth kill comes soon after start, often during Open and its
		// migration; the others come while the child is writing.
		early := run%4 == 0
		delay := time.Duration(rng.IntN(150)) * time.Millisecond
		if early {
			delay = time.Duration(rng.IntN(40)) * time.Millisecond
		}
		keys := runAndKill(t, path, run, early, delay)
		t.Logf("kill %d after %v (early=%v): %d rows reported flushed", run, delay, early, len(keys))
		for _, k := range keys {
			flushed[k] = true
		}
		checkAfterCrash(t, path, flushed)
	}
	if len(flushed) == 0 {
		t.Fatal("the child never flushed: the kills tested nothing")
	}
}

// runAndKill starts a child writing to path, kills it with SIGKILL after delay
// (counted from the child's "ready" unless early) and returns the keys it
// reported flushed on complete lines.
func runAndKill(t *testing.T, path string, run int, early bool, delay time.Duration) []string {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashDBEnv+"="+path, crashRunEnv+"="+strconv.Itoa(run))
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	ready, lines := make(chan struct{}), make(chan []string)
	go readFlushed(stdout, ready, lines)
	if !early {
		select {
		case <-ready:
		case <-time.After(30 * time.Second):
			t.Log("child not ready after 30s")
		}
	}
	time.Sleep(delay)
	cmd.Process.Kill()
	keys := <-lines
	if err := cmd.Wait(); err == nil || !strings.Contains(err.Error(), "killed") {
		t.Fatalf("child ended with %v before the kill; stderr:\n%s", err, stderr.String())
	}
	return keys
}

// readFlushed collects the keys on complete "flushed KEY" lines; a line cut by
// the kill does not count.
func readFlushed(r interface{ Read([]byte) (int, error) }, ready chan<- struct{}, out chan<- []string) {
	var keys []string
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadString('\n')
		if err != nil {
			break
		}
		line = strings.TrimSuffix(line, "\n")
		if line == "ready" {
			close(ready)
		} else if k, ok := strings.CutPrefix(line, "flushed "); ok {
			keys = append(keys, k)
		}
	}
	out <- keys
}

// checkAfterCrash reopens the cache and checks that every flushed row is there,
// that every row present is whole, and that SQLite finds the file intact.
func checkAfterCrash(t *testing.T, path string, flushed map[string]bool) {
	t.Helper()
	s, err := Open(path)
	if err != nil {
		t.Fatalf("reopen after kill: %v", err)
	}
	defer s.Close()
	keys := make([]string, 0, len(flushed))
	for k := range flushed {
		keys = append(keys, k)
	}
	got, err := s.Lookup(keys)
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range keys {
		if _, ok := got[k]; !ok {
			t.Fatalf("row %s was reported flushed but is missing after the kill", k)
		}
	}
	err = s.Iter(func(r Row) error {
		if want := crashRow(r.Key); !reflect.DeepEqual(r, want) {
			return fmt.Errorf("row %s is damaged after the kill:\n got %+v\nwant %+v", r.Key, r, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var check string
	if err := s.db.QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check = %q, %v", check, err)
	}
}
