package cache

import (
	"database/sql"
	"errors"
	"fmt"
	"sync"
	"time"
)

// A store open for writing registers its run in the runs table, so that a
// run can tell whether it is alone on the cache. A run alone works solo: it
// claims keys in memory only, since no other run can ask for them, and
// spares its writer a claim row inserted and deleted per generation. It
// looks for newcomers every runPoll; when one appears it writes the claims
// of the keys it holds and marks its run shared, in one transaction. A run that finds others at registration is shared from the
// start, and claims nothing before each of them is shared too: it never
// sends a key a solo run is generating. A run that stays solo for ackWait
// (stopped, or gone on another host) no longer holds it back: at worst
// both then send the same requests, and the cache keeps the first success.
const runPoll = 100 * time.Millisecond

// ackWait and runLease (how long a run's row lives unless renewed, which
// its writer does every runLease/3) are variables so that tests can wait
// less.
var (
	ackWait  = 10 * time.Second
	runLease = 2 * time.Minute
)

// presence is what the store knows of the runs sharing the cache. mu
// guards solo, held and lease, which ClaimEach reads and writes outside the
// writer so that a solo run's claims wait for no commit; the writer alone
// changes solo, and alone uses the other fields.
type presence struct {
	mu   sync.Mutex
	solo bool
	// held is the keys claimed in memory while solo.
	held map[string]struct{}
	// acked: every run found at registration is now shared (or gone).
	acked bool
	// since is when the store registered; renewed, when its row's lease
	// was last extended.
	since, renewed time.Time
	// settled: Settle was called; claims fail.
	settled bool
	// lease is the lease of the latest claim, given to the claims written
	// when a solo run turns shared.
	lease time.Duration
}

// errAwaiting: a run found at registration is still solo; ClaimEach asks
// again after runPoll.
var errAwaiting = errors.New("waiting for the runs sharing the cache to claim their keys")

// otherRun is another run's row in runs.
type otherRun struct {
	owner  string
	shared bool
}

// register records this store's run, shared if another live run is there,
// and deletes the rows of runs that are gone.
func (s *Store) register() error {
	tx, err := s.db.Begin()
	if err != nil {
		return fmt.Errorf("register run: %w", err)
	}
	defer tx.Rollback()
	now := time.Now()
	live, err := s.otherRuns(tx, now, true)
	if err != nil {
		return fmt.Errorf("register run: %w", err)
	}
	shared := len(live) > 0
	if err := s.putRun(tx, now, shared); err != nil {
		return fmt.Errorf("register run: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("register run: %w", err)
	}
	s.run.solo, s.run.held, s.run.acked, s.run.since, s.run.renewed, s.run.lease = !shared, map[string]struct{}{}, !shared, now, now, runLease
	return nil
}

// claimSolo claims groups in memory if this run is solo, and reports
// whether it was.
func (s *Store) claimSolo(groups [][]string, lease time.Duration) ([]Claim, bool) {
	s.run.mu.Lock()
	defer s.run.mu.Unlock()
	if !s.run.solo {
		return nil, false
	}
	s.run.lease = lease
	for _, g := range groups {
		for _, k := range g {
			s.run.held[k] = struct{}{}
		}
	}
	return make([]Claim, len(groups)), true // all Claimed
}

// forget ends the in-memory claims of keys, once stored.
func (s *Store) forget(rows []Row) {
	s.run.mu.Lock()
	defer s.run.mu.Unlock()
	for _, r := range rows {
		delete(s.run.held, r.Key)
	}
}

// putRun writes this store's row in runs, with a lease from now.
func (s *Store) putRun(q querier, now time.Time, shared bool) error {
	_, err := q.Exec(`INSERT OR REPLACE INTO runs (owner, host, pid, expires, shared) VALUES (?, ?, ?, ?, ?)`,
		s.claims.owner, s.claims.host, s.claims.pid, now.Add(runLease).UnixMilli(), shared)
	return err
}

// querier is what otherRuns needs of a transaction or a database.
type querier interface {
	Query(q string, args ...any) (*sql.Rows, error)
	Exec(q string, args ...any) (sql.Result, error)
}

// otherRuns returns the other live runs: those whose lease has not run out
// and, on this host, whose process exists. With prune it deletes the others.
func (s *Store) otherRuns(q querier, now time.Time, prune bool) ([]otherRun, error) {
	var live []otherRun
	var gone []any
	rows, err := q.Query(`SELECT owner, host, pid, expires, shared FROM runs WHERE owner != ?`, s.claims.owner)
	if err != nil {
		return nil, err
	}
	err = eachRow(rows, func(r *sql.Rows) error {
		var owner, host string
		var pid int
		var expires int64
		var shared bool
		if err := r.Scan(&owner, &host, &pid, &expires, &shared); err != nil {
			return err
		}
		if expires > now.UnixMilli() && (host != s.claims.host || alive(pid)) {
			live = append(live, otherRun{owner: owner, shared: shared})
		} else {
			gone = append(gone, owner)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, owner := range gone {
		if !prune {
			break
		}
		if _, err := q.Exec(`DELETE FROM runs WHERE owner = ?`, owner); err != nil {
			return nil, err
		}
	}
	return live, nil
}

// watch is the writer's check, when solo, for a newcomer: on finding one,
// the run writes claims for the keys it holds and turns shared.
func (s *Store) watch() error {
	if !s.run.solo {
		return nil
	}
	live, err := s.otherRuns(s.db, time.Now(), false)
	if err != nil || len(live) == 0 {
		return err
	}
	// No claim is made in memory while the held keys are written.
	s.run.mu.Lock()
	defer s.run.mu.Unlock()
	tx, err := s.db.Begin()
	if err != nil {
		return fmt.Errorf("share claims: %w", err)
	}
	defer tx.Rollback()
	keys := make([]string, 0, len(s.run.held))
	for k := range s.run.held {
		keys = append(keys, k)
	}
	if err := s.insertClaims(tx, keys, time.Now().Add(s.run.lease).UnixMilli()); err != nil {
		return fmt.Errorf("share claims: %w", err)
	}
	if _, err := tx.Exec(`UPDATE runs SET shared = 1 WHERE owner = ?`, s.claims.owner); err != nil {
		return fmt.Errorf("share claims: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("share claims: %w", err)
	}
	s.run.solo, s.run.held = false, nil
	return nil
}

// awaiting reports whether a run found at registration may still be
// generating keys it has not claimed: it is live, still solo, and has had
// less than ackWait to notice this one.
func (s *Store) awaiting() (bool, error) {
	if s.run.acked {
		return false, nil
	}
	now := time.Now()
	live, err := s.otherRuns(s.db, now, false)
	if err != nil {
		return false, err
	}
	for _, r := range live {
		if !r.shared && now.Sub(s.run.since) < ackWait {
			return true, nil
		}
	}
	s.run.acked = true
	return false, nil
}

// tick is the writer's periodic duty: a solo run looks for newcomers, and
// every run keeps its row's lease from running out until it settles.
// The renewal writes the whole row: a run stopped past its lease (its row
// then deleted by a newcomer, which took it for gone) is seen again.
func (s *Store) tick() error {
	if err := s.watch(); err != nil {
		return err
	}
	now := time.Now()
	if s.run.settled || now.Sub(s.run.renewed) < runLease/3 {
		return nil
	}
	if err := s.putRun(s.db, now, !s.run.solo); err != nil {
		return fmt.Errorf("renew run: %w", err)
	}
	s.run.renewed = now
	return nil
}

// unregister removes this store's run when it closes.
func (s *Store) unregister() error {
	if _, err := s.db.Exec(`DELETE FROM runs WHERE owner = ?`, s.claims.owner); err != nil {
		return fmt.Errorf("unregister run: %w", err)
	}
	return nil
}

// Settle says that this store's run will claim no more: it commits what
// was put, ends the run's claims and its row in runs, and starts copying the
// log into the database file (a checkpoint) in the background, so that
// Close, after the caller's last reads, has little left to write or sync.
// Rows can still be put, flushed and read; ClaimEach fails.
func (s *Store) Settle() error {
	s.mu.RLock()
	if s.closed || s.readOnly {
		s.mu.RUnlock()
		return nil
	}
	reply := make(chan error, 1)
	s.ops <- op{settle: reply}
	s.mu.RUnlock()
	return <-reply
}

// settle is Settle in the writer, once the rows before it are committed.
func (s *Store) settle() error {
	s.run.mu.Lock()
	s.run.solo, s.run.settled = false, true
	clear(s.run.held)
	s.run.mu.Unlock()
	err := errors.Join(s.releaseAll(), s.unregister())
	if s.checkpointed == nil {
		s.checkpointed = make(chan struct{})
		go func() {
			defer close(s.checkpointed)
			// A checkpoint that cannot finish now is Close's to finish.
			_, _ = s.db.Exec("PRAGMA wal_checkpoint(PASSIVE)")
		}()
	}
	return err
}
