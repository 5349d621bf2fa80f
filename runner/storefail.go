package runner

import (
	"context"
	"fmt"

	"github.com/aimo-dev/aimo/runner/cache"
)

// WriteError is a cache write that failed during a sweep (a full disk, a
// cache file made read-only). The sweep stops at once: every generation
// after it would be paid for and lost too.
type WriteError struct {
	Path string
	Err  error
}

func (e *WriteError) Error() string {
	return fmt.Sprintf("cache %s: %v: the run stopped so that no more generations are lost; free space (or fix the file) and run the same command again to resume",
		e.Path, e.Err)
}

func (e *WriteError) Unwrap() error { return e.Err }

// stopOnWriteFailure cancels the sweep as soon as the store fails a write;
// it returns when either happens.
func stopOnWriteFailure(ctx context.Context, store *cache.Store, cancel context.CancelCauseFunc) {
	select {
	case <-store.WriteFailed():
		cancel(&WriteError{Path: store.Path(), Err: store.WriteErr()})
	case <-ctx.Done():
	}
}

// settle counts what the store holds once the run has flushed: New is what
// was stored, Lost what was received but not stored.
func (s *Summary) settle(stored int) {
	s.Lost = s.received - stored
	s.New = stored
}
