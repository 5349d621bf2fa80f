package cache

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestSoloRunWritesNoClaims: a run alone on the cache claims in memory, so
// its generations cost no claim rows; it is registered while open and
// unregistered at Close.
func TestSoloRunWritesNoClaims(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	a := openAt(t, path)
	claim(t, a, time.Minute, Claimed)
	if n := count(t, a, `SELECT count(*) FROM claims`); n != 0 {
		t.Errorf("a solo run wrote %d claim rows, want none", n)
	}
	put(t, a, success("k"))
	if n := count(t, a, `SELECT count(*) FROM runs WHERE owner = ? AND shared = 0`, a.claims.owner); n != 1 {
		t.Errorf("runs holds %d solo rows for the open store, want 1", n)
	}
	must(t, a.Close())
	b := openAt(t, path)
	if n := count(t, b, `SELECT count(*) FROM runs WHERE owner != ?`, b.claims.owner); n != 0 {
		t.Errorf("runs holds %d rows of a closed store, want none", n)
	}
}

// TestNewcomerWaitsForSoloRunsClaims: a run that opens the cache while
// another works solo claims nothing until that run has written the claims of
// the keys it holds, so a key the solo run is generating is Busy for the
// newcomer, not sent twice; a key the solo run stored meanwhile is Stored.
func TestNewcomerWaitsForSoloRunsClaims(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	a := openAt(t, path)
	if got, err := a.ClaimEach([][]string{{"k"}, {"done"}}, time.Minute); err != nil || got[0] != Claimed || got[1] != Claimed {
		t.Fatalf("solo ClaimEach = %v, %v; want Claimed twice", got, err)
	}
	put(t, a, success("done"))
	b := openAt(t, path)
	// b's first claim blocks until a's writer notices b (within runPoll).
	got, err := b.ClaimEach([][]string{{"k"}, {"done"}, {"free"}}, time.Minute)
	if err != nil || got[0] != Busy || got[1] != Stored || got[2] != Claimed {
		t.Fatalf("newcomer's ClaimEach = %v, %v; want [Busy Stored Claimed]", got, err)
	}
	// Once shared, a ends its claim when it stores the row, as any run.
	put(t, a, success("k"))
	if got, err := b.Claim([]string{"k"}, time.Minute); err != nil || got != Stored {
		t.Errorf("after a stored k: Claim = %v, %v; want Stored", got, err)
	}
	if n := count(t, a, `SELECT count(*) FROM claims WHERE owner = ?`, a.claims.owner); n != 0 {
		t.Errorf("a holds %d claim rows after storing its keys, want none", n)
	}
}

// TestRunsFoundAtRegistration: which other runs make a new store shared and
// how long it waits for them to write their claims.
func TestRunsFoundAtRegistration(t *testing.T) {
	host, _ := os.Hostname()
	dead := exec.Command("true")
	must(t, dead.Run())
	future := time.Now().Add(time.Hour).UnixMilli()
	tests := []struct {
		name       string
		host       string
		pid        int
		expires    int64
		shared     bool
		wantShared bool
		wantWait   bool // whether b's first claim waits out ackWait
	}{
		{"a killed run on this host", host, dead.Process.Pid, future, false, false, false},
		{"a run whose lease ran out", "elsewhere", 1, time.Now().Add(-time.Second).UnixMilli(), false, false, false},
		{"a shared run elsewhere", "elsewhere", 1, future, true, true, false},
		{"a solo run elsewhere that never answers", "elsewhere", 1, future, false, true, true},
	}
	defer func(w time.Duration) { ackWait = w }(ackWait)
	ackWait = 300 * time.Millisecond
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "cache.db")
			a := openAt(t, path)
			_, err := a.db.Exec(`INSERT INTO runs (owner, host, pid, expires, shared) VALUES ('other', ?, ?, ?, ?)`,
				tt.host, tt.pid, tt.expires, tt.shared)
			must(t, err)
			must(t, a.Close())
			b := openAt(t, path)
			if shared := count(t, b, `SELECT count(*) FROM runs WHERE owner = ? AND shared = 1`, b.claims.owner) == 1; shared != tt.wantShared {
				t.Errorf("registered shared = %v, want %v", shared, tt.wantShared)
			}
			start := time.Now()
			claim(t, b, time.Minute, Claimed)
			if waited := time.Since(start) >= ackWait; waited != tt.wantWait {
				t.Errorf("first claim took %v: waited out ackWait = %v, want %v", time.Since(start), waited, tt.wantWait)
			}
			if gone := count(t, b, `SELECT count(*) FROM runs WHERE owner = 'other'`) == 0; gone == tt.wantShared {
				t.Errorf("the other run's row deleted = %v, want %v", gone, !tt.wantShared)
			}
		})
	}
}

func count(t *testing.T, s *Store, q string, args ...any) int {
	t.Helper()
	var n int
	must(t, s.db.QueryRow(q, args...).Scan(&n))
	return n
}

// TestRunTakenForGoneComesBack: a run stopped past its lease (here: its row
// deleted, as a newcomer deletes the row of a run it takes for gone) writes
// its row again at its next renewal; the newcomer, solo meanwhile, then
// sees it, and from then on both claim in the cache.
func TestRunTakenForGoneComesBack(t *testing.T) {
	defer func(l time.Duration) { runLease = l }(runLease)
	runLease = 600 * time.Millisecond
	path := filepath.Join(t.TempDir(), "cache.db")
	a := openAt(t, path)
	claim(t, a, time.Minute, Claimed)
	_, err := a.db.Exec(`DELETE FROM runs WHERE owner = ?`, a.claims.owner)
	must(t, err)
	b := openAt(t, path)
	deadline := time.Now().Add(5 * time.Second)
	for count(t, b, `SELECT count(*) FROM runs WHERE shared = 1`) != 2 {
		if time.Now().After(deadline) {
			t.Fatalf("runs rows: %d shared, want both", count(t, b, `SELECT count(*) FROM runs WHERE shared = 1`))
		}
		time.Sleep(10 * time.Millisecond)
	}
	if got, err := a.Claim([]string{"later"}, time.Minute); err != nil || got != Claimed {
		t.Fatalf("a: Claim(later) = %v, %v; want Claimed", got, err)
	}
	if got, err := b.Claim([]string{"later"}, time.Minute); err != nil || got != Busy {
		t.Errorf("b: Claim(later) = %v, %v; want Busy", got, err)
	}
}

// TestSettle: a settled store has left runs and its claims end, a newcomer
// works solo, the store still stores and serves rows, and claims no more.
func TestSettle(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cache.db")
	a, b := openAt(t, path), openAt(t, path)
	claim(t, a, time.Minute, Claimed)
	put(t, a, success("stored"))
	must(t, a.Settle())
	if n := count(t, a, `SELECT count(*) FROM runs WHERE owner = ?`, a.claims.owner); n != 0 {
		t.Errorf("a settled store keeps %d rows in runs, want none", n)
	}
	if got, err := b.Claim([]string{"k"}, time.Minute); err != nil || got != Claimed {
		t.Errorf("after a settled: b's Claim(k) = %v, %v; want Claimed", got, err)
	}
	c := openAt(t, path)
	if n := count(t, c, `SELECT count(*) FROM runs WHERE owner = ? AND shared = 1`, c.claims.owner); n != 1 {
		t.Errorf("a newcomer beside b (shared) registered shared: %d rows, want 1", n)
	}
	if _, err := a.Claim([]string{"other"}, time.Minute); err == nil {
		t.Error("a settled store's Claim succeeded, want an error")
	}
	put(t, a, success("after"))
	for _, k := range []string{"stored", "after"} {
		if _, ok := lookupOne(t, a, k); !ok {
			t.Errorf("settled store does not serve %s", k)
		}
	}
	must(t, a.Close())
	if _, ok := lookupOne(t, b, "after"); !ok {
		t.Error("a row put after Settle is not in the cache after Close")
	}
}

// TestSettledRunStaysGone: a settled store's writer renews no row, so the
// run does not come back into runs while the store is still open.
func TestSettledRunStaysGone(t *testing.T) {
	defer func(l time.Duration) { runLease = l }(runLease)
	runLease = 300 * time.Millisecond // renewed every 100 ms
	a := openAt(t, filepath.Join(t.TempDir(), "cache.db"))
	must(t, a.Settle())
	time.Sleep(400 * time.Millisecond)
	if n := count(t, a, `SELECT count(*) FROM runs`); n != 0 {
		t.Errorf("runs holds %d rows 0.4 s after the only store settled, want none", n)
	}
}
