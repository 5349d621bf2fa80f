package sandbox

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"
)

// cells is what each concurrent sandbox runs: state across cells, some
// arithmetic, an exception, and a result that depends on all of them.
var cells = []string{
	"from fractions import Fraction\nn = %d",
	"total = sum(Fraction(1, k * (k + 1)) for k in range(1, 200))",
	"try:\n    1 / 0\nexcept ZeroDivisionError:\n    caught = True",
	"print(n, total, caught)",
}

// runConcurrently runs `sessions` sandboxes at once, each through cells, and
// returns the first failure.
func runConcurrently(p *Pool, sessions int) error {
	ctx := context.Background()
	errs := make(chan error, sessions)
	var wg sync.WaitGroup
	for i := range sessions {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- oneAttempt(ctx, p, i)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func oneAttempt(ctx context.Context, p *Pool, i int) error {
	s, err := p.Session(ctx)
	if err != nil {
		return err
	}
	defer s.Close()
	var last Result
	for j, code := range cells {
		if j == 0 {
			code = fmt.Sprintf(code, i)
		}
		if last, err = s.Run(ctx, code); err != nil {
			return err
		}
		if last.Error != "" {
			return fmt.Errorf("sandbox %d, cell %d: %s", i, j+1, last.Error)
		}
	}
	if want := fmt.Sprintf("%d 199/200 True\n", i); last.Output != want {
		return fmt.Errorf("sandbox %d printed %q, want %q", i, last.Output, want)
	}
	return nil
}

func TestSixteenSandboxesAtOnce(t *testing.T) {
	p := testPool(t, Config{Timeout: 30 * time.Second}, 16)
	start := time.Now()
	if err := runConcurrently(p, 16); err != nil {
		t.Fatal(err)
	}
	t.Logf("16 sandboxes, %d cells each, took %s", len(cells), time.Since(start))
}

// BenchmarkWarmCell is the round trip of one small cell in a running
// session: what each tool call costs on top of the code's own time.
func BenchmarkWarmCell(b *testing.B) {
	s := session(b, testPool(b, Config{}, 1))
	run(b, s, "print(1 + 1)")
	b.ResetTimer()
	for b.Loop() {
		if r := run(b, s, "print(1 + 1)"); r.Output != "2\n" {
			b.Fatalf("got %+v", r)
		}
	}
}

// BenchmarkColdSession starts a worker from nothing (no warm pool), runs one
// cell and closes it: what an attempt waits when the pool is empty.
func BenchmarkColdSession(b *testing.B) {
	p := testPool(b, Config{}, 0)
	ctx := context.Background()
	for b.Loop() {
		w, err := p.start(ctx)
		if err != nil {
			b.Fatal(err)
		}
		s := &Session{pool: p, w: w}
		if r := run(b, s, "print(1 + 1)"); r.Output != "2\n" {
			b.Fatalf("got %+v", r)
		}
		s.Close()
	}
}

// BenchmarkSixteenAtOnce runs 16 sandboxes at once, each through a few
// cells, from a warm pool of 16.
func BenchmarkSixteenAtOnce(b *testing.B) {
	p := testPool(b, Config{Timeout: 30 * time.Second}, 16)
	for b.Loop() {
		if err := runConcurrently(p, 16); err != nil {
			b.Fatal(err)
		}
	}
}
