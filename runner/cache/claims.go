package cache

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

// Claim is what a run may do with a job's keys.
type Claim int

const (
	// Claimed: the keys are this store's to generate until its claims end.
	Claimed Claim = iota
	// Stored: every key already holds a success; nothing to generate.
	Stored
	// Busy: another live run is generating at least one of the keys;
	// ask again later.
	Busy
)

// claimer identifies this process's claims.
type claimer struct {
	owner, host string
	pid         int
}

func newClaimer() claimer {
	host, _ := os.Hostname()
	nonce := make([]byte, 6)
	_, _ = rand.Read(nonce)
	pid := os.Getpid()
	return claimer{owner: fmt.Sprintf("%s/%d/%s", host, pid, hex.EncodeToString(nonce)), host: host, pid: pid}
}

// Claim claims keys for this store's run for lease, all or none: Stored
// when each already holds a success, Busy when a live claim of another run
// covers one of those that do not, else Claimed. A claim whose lease ran
// out, or whose process on this host is gone (a killed run), is taken over.
// A run alone on the cache answers Claimed without reading it (see
// runs.go): its caller read the cache after Open, and no other run has
// written it since. A run that joins another waits for that run to write
// its claims first (at most ackWait).
func (s *Store) Claim(keys []string, lease time.Duration) (Claim, error) {
	got, err := s.ClaimEach([][]string{keys}, lease)
	if err != nil {
		return Busy, err
	}
	return got[0], nil
}

// ClaimEach claims each group of keys as Claim does, all in one
// transaction made by the writer goroutine: the run's own commits and its
// claims then never wait on each other's locks. A solo run's claims are
// made here, in memory, and wait for no commit.
func (s *Store) ClaimEach(groups [][]string, lease time.Duration) ([]Claim, error) {
	if s.readOnly {
		return nil, ErrReadOnly
	}
	s.mu.RLock()
	closed := s.closed
	s.mu.RUnlock()
	if closed {
		return nil, ErrClosed
	}
	if got, ok := s.claimSolo(groups, lease); ok {
		return got, nil
	}
	for {
		got, err := s.claimOnce(groups, lease)
		if !errors.Is(err, errAwaiting) {
			return got, err
		}
		time.Sleep(runPoll)
	}
}

func (s *Store) claimOnce(groups [][]string, lease time.Duration) ([]Claim, error) {
	reply := make(chan claimReply, 1)
	s.mu.RLock()
	if s.closed {
		s.mu.RUnlock()
		return nil, ErrClosed
	}
	s.ops <- op{claim: &claimReq{groups: groups, lease: lease, reply: reply}}
	s.mu.RUnlock()
	r := <-reply
	return r.claims, r.err
}

// claimReq asks the writer to claim groups; it answers on reply.
type claimReq struct {
	groups [][]string
	lease  time.Duration
	reply  chan claimReply
}

type claimReply struct {
	claims []Claim
	err    error
}

// claimTx claims each group in one transaction, reading the state of all
// their keys with a few set queries rather than a few queries per key.
//
// A shared run claims nothing while a run it found at registration may
// still be generating unclaimed keys (errAwaiting). A solo run (see
// runs.go) claims in memory, in ClaimEach, without the writer: no other run
// can have stored or claimed a key since it registered, which it did before
// its caller read the cache.
func (s *Store) claimTx(groups [][]string, lease time.Duration) ([]Claim, error) {
	if s.run.settled {
		return nil, errors.New("claim: the store's run has settled")
	}
	if wait, err := s.awaiting(); err != nil || wait {
		if err == nil {
			err = errAwaiting
		}
		return nil, fmt.Errorf("claim: %w", err)
	}
	tx, err := s.db.Begin()
	if err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	defer tx.Rollback()
	now := time.Now()
	var keys []string
	for _, g := range groups {
		keys = append(keys, g...)
	}
	stored, other, err := s.keyStates(tx, keys, now)
	if err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	out := make([]Claim, len(groups))
	var claim []string
	for i, g := range groups {
		out[i] = groupClaim(g, stored, other)
		if out[i] != Claimed {
			continue
		}
		for _, k := range g {
			if !stored[k] {
				claim = append(claim, k)
			}
		}
	}
	if err := s.insertClaims(tx, claim, now.Add(lease).UnixMilli()); err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("claim: %w", err)
	}
	return out, nil
}

// insertClaims claims keys for this store's run until expires (Unix
// milliseconds), rowsPerInsert keys per statement.
func (s *Store) insertClaims(tx *sql.Tx, keys []string, expires int64) error {
	const cols = 5
	args := make([]any, 0, cols*min(len(keys), rowsPerInsert))
	for len(keys) > 0 {
		part := keys[:min(len(keys), rowsPerInsert)]
		keys = keys[len(part):]
		args = args[:0]
		for _, k := range part {
			args = append(args, k, s.claims.owner, s.claims.host, s.claims.pid, expires)
		}
		q := `INSERT OR REPLACE INTO claims (key, owner, host, pid, expires) VALUES ` +
			strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?), ", len(part)), ", ")
		if _, err := tx.Exec(q, args...); err != nil {
			return err
		}
	}
	return nil
}

// groupClaim decides a group, all or none: Busy if another run holds one of
// its keys that is not stored, Stored if all are stored, else Claimed.
func groupClaim(keys []string, stored, other map[string]bool) Claim {
	all := true
	for _, k := range keys {
		if stored[k] {
			continue
		}
		all = false
		if other[k] {
			return Busy
		}
	}
	if all {
		return Stored
	}
	return Claimed
}

// keyStates returns which keys hold a success, and which another run's
// live claim covers.
func (s *Store) keyStates(tx *sql.Tx, keys []string, now time.Time) (stored, other map[string]bool, err error) {
	stored, other = map[string]bool{}, map[string]bool{}
	for len(keys) > 0 {
		n := min(len(keys), chunkSize)
		args := make([]any, n)
		for i, k := range keys[:n] {
			args[i] = k
		}
		marks := strings.TrimSuffix(strings.Repeat("?,", n), ",")
		err := eachTxRow(tx, `SELECT key FROM generations WHERE error = '' AND key IN (`+marks+`)`, args, func(r *sql.Rows) error {
			var k string
			err := r.Scan(&k)
			stored[k] = true
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		err = eachTxRow(tx, `SELECT key, owner, host, pid, expires FROM claims WHERE key IN (`+marks+`)`, args, func(r *sql.Rows) error {
			var k, owner, host string
			var pid int
			var expires int64
			err := r.Scan(&k, &owner, &host, &pid, &expires)
			other[k] = owner != s.claims.owner && expires > now.UnixMilli() && (host != s.claims.host || alive(pid))
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		keys = keys[n:]
	}
	return stored, other, nil
}

func eachTxRow(tx *sql.Tx, q string, args []any, each func(*sql.Rows) error) error {
	rows, err := tx.Query(q, args...)
	if err != nil {
		return err
	}
	return eachRow(rows, each)
}

// alive reports whether a process pid exists on this host.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || errors.Is(err, syscall.EPERM)
}

// RenewClaims extends every live claim of this store's run to lease from now.
func (s *Store) RenewClaims(lease time.Duration) error {
	if _, err := s.db.Exec(`UPDATE claims SET expires = ? WHERE owner = ?`, time.Now().Add(lease).UnixMilli(), s.claims.owner); err != nil {
		return fmt.Errorf("renew claims: %w", err)
	}
	return nil
}

// ReleaseClaims ends every claim of this store's run, so that the keys it
// did not store (cancelled, or lost) are free for another run at once.
func (s *Store) ReleaseClaims() error {
	s.mu.RLock()
	if !s.closed && !s.readOnly {
		// The writer holds a solo run's claims: it drops them too.
		reply := make(chan error, 1)
		s.ops <- op{release: reply}
		s.mu.RUnlock()
		return <-reply
	}
	s.mu.RUnlock()
	return s.releaseAll()
}

func (s *Store) releaseAll() error {
	if _, err := s.db.Exec(`DELETE FROM claims WHERE owner = ?`, s.claims.owner); err != nil {
		return fmt.Errorf("release claims: %w", err)
	}
	return nil
}
