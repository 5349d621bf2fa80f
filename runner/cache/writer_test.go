package cache

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestFlushMakesRowsVisibleToAnotherConnection(t *testing.T) {
	s := openTemp(t)
	var keys []string
	for i := range batchRows + 7 { // One full batch and a partial one.
		keys = append(keys, fmt.Sprintf("k%04d", i))
		s.Put(success(keys[i]))
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	other, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	has, err := other.Has(keys)
	if err != nil {
		t.Fatal(err)
	}
	if len(has) != len(keys) {
		t.Errorf("after Flush another connection sees %d of %d rows", len(has), len(keys))
	}
}

func TestWriterCommitsWithoutFlushAfterBatchWait(t *testing.T) {
	s := openTemp(t)
	s.Put(success("k"))
	deadline := time.Now().Add(20 * batchWait)
	for time.Now().Before(deadline) {
		has, err := s.Has([]string{"k"})
		if err != nil {
			t.Fatal(err)
		}
		if has["k"] {
			return
		}
		time.Sleep(batchWait / 4)
	}
	t.Errorf("row not committed %v after Put without Flush", 20*batchWait)
}

func TestCloseCommitsPendingRows(t *testing.T) {
	s := openTemp(t)
	s.Put(success("k"))
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err := Open(s.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, ok := lookupOne(t, s, "k"); !ok {
		t.Error("row put before Close is missing after reopening")
	}
}

func TestWriteErrorSurfacesFromFlushAndClose(t *testing.T) {
	s := openTemp(t)
	// A trigger stands in for a disk that refuses writes.
	_, err := s.db.Exec(`CREATE TRIGGER refuse BEFORE INSERT ON generations WHEN NEW.problem = 'p-boom'
		BEGIN SELECT RAISE(ABORT, 'disk says no'); END`)
	if err != nil {
		t.Fatal(err)
	}
	s.Put(success("boom"))
	err = s.Flush()
	if err == nil || !strings.Contains(err.Error(), "disk says no") {
		t.Fatalf("Flush after a failed write = %v, want the write error", err)
	}
	if again := s.Flush(); again == nil || again.Error() != err.Error() {
		t.Errorf("second Flush = %v, want the same error again", again)
	}
	if cerr := s.Close(); cerr == nil || cerr.Error() != err.Error() {
		t.Errorf("Close = %v, want %v", cerr, err)
	}
}

func TestFlushAfterCloseFails(t *testing.T) {
	s := openTemp(t)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := s.Flush(); !errors.Is(err, ErrClosed) {
		t.Errorf("Flush after Close = %v, want ErrClosed", err)
	}
}

// TestWriteFailureIsSignalledAtOnce: a cache that can take no more rows
// (a trigger stands in for the full disk) closes WriteFailed without a
// Flush, and Stored counts only the committed successes.
func TestWriteFailureIsSignalledAtOnce(t *testing.T) {
	s := openTemp(t)
	_, err := s.db.Exec(`CREATE TRIGGER full BEFORE INSERT ON generations WHEN (SELECT count(*) FROM generations) >= 3
		BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		s.Put(success(fmt.Sprintf("k%d", i)))
	}
	if err := s.Flush(); err != nil {
		t.Fatal(err)
	}
	if s.WriteErr() != nil {
		t.Fatalf("WriteErr = %v before any write failed", s.WriteErr())
	}
	s.Put(success("k3"))
	select {
	case <-s.WriteFailed():
	case <-time.After(20 * batchWait):
		t.Fatalf("WriteFailed not closed %v after a write that cannot succeed", 20*batchWait)
	}
	if err := s.WriteErr(); err == nil || !strings.Contains(err.Error(), "database or disk is full") {
		t.Errorf("WriteErr = %v, want the disk's error", err)
	}
	if n := s.Stored(); n != 3 {
		t.Errorf("Stored = %d, want the 3 committed successes", n)
	}
}
