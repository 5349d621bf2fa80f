package cache

import (
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
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

// Claim claims keys for this store's run for lease, all or none, in one
// transaction: Stored when each already holds a success, Busy when a live
// claim of another run covers one of those that do not, else Claimed. A
// claim whose lease ran out, or whose process on this host is gone (a
// killed run), is taken over.
func (s *Store) Claim(keys []string, lease time.Duration) (Claim, error) {
	if s.readOnly {
		return Busy, ErrReadOnly
	}
	tx, err := s.db.Begin()
	if err != nil {
		return Busy, fmt.Errorf("claim: %w", err)
	}
	defer tx.Rollback()
	now := time.Now()
	var open []string
	for _, k := range keys {
		stored, other, err := s.keyState(tx, k, now)
		switch {
		case err != nil:
			return Busy, fmt.Errorf("claim: %w", err)
		case stored:
		case other:
			return Busy, nil
		default:
			open = append(open, k)
		}
	}
	if len(open) == 0 {
		return Stored, nil
	}
	for _, k := range open {
		if _, err := tx.Exec(`INSERT OR REPLACE INTO claims (key, owner, host, pid, expires) VALUES (?, ?, ?, ?, ?)`,
			k, s.claims.owner, s.claims.host, s.claims.pid, now.Add(lease).UnixMilli()); err != nil {
			return Busy, fmt.Errorf("claim: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return Busy, fmt.Errorf("claim: %w", err)
	}
	return Claimed, nil
}

// keyState says whether k holds a success, and whether another run's live
// claim covers it.
func (s *Store) keyState(tx *sql.Tx, k string, now time.Time) (stored, other bool, err error) {
	err = tx.QueryRow(`SELECT EXISTS (SELECT 1 FROM generations WHERE key = ? AND error = '')`, k).Scan(&stored)
	if err != nil || stored {
		return stored, false, err
	}
	var owner, host string
	var pid int
	var expires int64
	err = tx.QueryRow(`SELECT owner, host, pid, expires FROM claims WHERE key = ?`, k).Scan(&owner, &host, &pid, &expires)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, false, nil
	case err != nil:
		return false, false, err
	}
	live := owner != s.claims.owner && expires > now.UnixMilli() && (host != s.claims.host || alive(pid))
	return false, live, nil
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
	if _, err := s.db.Exec(`DELETE FROM claims WHERE owner = ?`, s.claims.owner); err != nil {
		return fmt.Errorf("release claims: %w", err)
	}
	return nil
}
