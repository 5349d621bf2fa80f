package cache

import (
	"fmt"
	"strings"
	"time"
)

// The writer commits a batch when it holds batchRows rows or when the oldest row
// has waited batchWait, whichever comes first. A row costs as much CPU in a
// batch of 64 as of 512 (BenchmarkCommit), but each commit logs again every
// index page it touches, so smaller batches write a longer log for the
// checkpoint to copy and sync (a fresh cache's 2,000 rows: 0.9 MB at 512, 1.8
// at 128, 3 at 64); larger ones leave more rows to commit once generation has
// ended. The wait bounds what a crash can cost before the runner's next Flush.
const (
	batchRows = 128
	batchWait = 100 * time.Millisecond
)

// op is one message to the writer: a row to store, a flush request, a
// claim or the release of all claims.
type op struct {
	row     Row
	flush   chan error
	claim   *claimReq
	release chan error
	settle  chan error
}

// upsert stores a row unless its key already holds a success. A failure is
// thus replaced by a later success (or a later failure, keeping the newest
// message), while a success is never overwritten: the first success is the
// cached answer. A key twice in a batch ends as the two rows in turn leave
// it.
var upsert = func() string {
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(columns)), ", ")
	sets := make([]string, 0, len(columns)-1)
	for _, c := range columns[1:] {
		sets = append(sets, c+" = excluded."+c)
	}
	return "INSERT INTO generations (" + columnList + ") VALUES (" + marks + ")" +
		" ON CONFLICT (key) DO UPDATE SET " + strings.Join(sets, ", ") +
		" WHERE generations.error != ''"
}()

// rowsPerInsert is the rows (or keys) one statement carries where a
// statement is built for several.
const rowsPerInsert = 32

// Put hands a row to the writer and returns without waiting for the commit; call
// Flush to know it is stored. Put blocks while the writer is far behind. Calling
// Put after Close is a programming error and panics.
func (s *Store) Put(row Row) {
	if row.CreatedAt.IsZero() {
		row.CreatedAt = time.Now()
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		panic("cache: Put after Close")
	}
	if s.readOnly {
		panic("cache: Put on a store opened read-only")
	}
	s.ops <- op{row: row}
}

// Flush waits until every row handed to Put before the call is committed. It
// returns the first write error the store has met since Open: rows of a failed
// batch are lost, and the error stays so that no caller can miss it, while the
// writer goes on trying later rows.
func (s *Store) Flush() error {
	done := make(chan error, 1)
	s.mu.RLock()
	if s.closed || s.readOnly {
		s.mu.RUnlock()
		if s.readOnly {
			return ErrReadOnly
		}
		return ErrClosed
	}
	s.ops <- op{flush: done}
	s.mu.RUnlock()
	return <-done
}

// write is the writer goroutine: the only code that writes rows.
func (s *Store) write() {
	var (
		pending []Row
		failed  error
		timer   = time.NewTimer(batchWait)
		wait    <-chan time.Time // wait is nil while nothing is pending.
	)
	timer.Stop()
	poll := time.NewTicker(runPoll)
	defer poll.Stop()
	commit := func() {
		if len(pending) > 0 {
			if err := s.commit(pending); err != nil && failed == nil {
				failed = err
				s.failOnce.Do(func() { s.failErr = err; close(s.failed) })
			}
		}
		pending, wait = pending[:0], nil
		timer.Stop()
	}
	for {
		select {
		case o, ok := <-s.ops:
			switch {
			case !ok:
				commit()
				if s.put != nil {
					s.put.close()
				}
				s.done <- failed
				return
			case o.flush != nil:
				commit()
				o.flush <- failed
			case o.settle != nil:
				commit()
				err := s.settle()
				if failed != nil {
					err = failed
				}
				o.settle <- err
			case o.release != nil:
				s.run.mu.Lock()
				clear(s.run.held)
				s.run.mu.Unlock()
				o.release <- s.releaseAll()
			case o.claim != nil:
				got, err := s.claimTx(o.claim.groups, o.claim.lease)
				o.claim.reply <- claimReply{got, err}
			default:
				pending = append(pending, o.row)
				if len(pending) >= batchRows {
					commit()
				} else if wait == nil {
					timer.Reset(batchWait)
					wait = timer.C
				}
			}
		case <-wait:
			commit()
		case <-poll.C:
			if err := s.tick(); err != nil && failed == nil {
				failed = err
				s.failOnce.Do(func() { s.failErr = err; close(s.failed) })
			}
		}
	}
}

// commit writes rows in one transaction on the writer's own connection
// (see putter), opened at the first commit.
func (s *Store) commit(rows []Row) error {
	if s.put == nil {
		p, err := openPutter(s.path, s.claims.owner)
		if err != nil {
			return fmt.Errorf("write %d rows: %w", len(rows), err)
		}
		s.put = p
	}
	// The rows are stored: their claims end in the same transaction, so a
	// waiting run finds either the claim or the row, never neither. A solo
	// run's claims are in memory, and end once the rows are committed.
	if row, err := s.put.put(rows, !s.run.solo); err != nil {
		if row != nil {
			return fmt.Errorf("write %d rows from %s: %w", len(rows), row.Key, err)
		}
		return fmt.Errorf("write %d rows: %w", len(rows), err)
	}
	s.forget(rows)
	n := 0
	for _, r := range rows {
		if !r.Failed() {
			n++
		}
	}
	s.stored.Add(int64(n))
	return nil
}

// WriteFailed is closed as soon as a write fails (a full disk, a file made
// read-only), without waiting for a Flush: a caller still generating should
// stop, since the rows it hands over next are lost too. WriteErr says why.
func (s *Store) WriteFailed() <-chan struct{} { return s.failed }

// WriteErr returns the first write error, once WriteFailed is closed; nil
// before.
func (s *Store) WriteErr() error {
	select {
	case <-s.failed:
		return s.failErr
	default:
		return nil
	}
}

// Stored counts the successes committed since Open: those a reader can now
// find, as opposed to those handed to Put.
func (s *Store) Stored() int { return int(s.stored.Load()) }
