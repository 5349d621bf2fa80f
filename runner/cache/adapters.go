package cache

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"
)

// Adapter is a trained LoRA adapter: its training identity, where its files
// are and the trainer's metrics.
type Adapter struct {
	ID      string          `json:"id"`
	Name    string          `json:"name"`
	Base    string          `json:"base"`
	Path    string          `json:"path"`
	Metrics json.RawMessage `json:"metrics"`
	Created time.Time       `json:"created"`
}

// PutAdapter records a trained adapter, replacing an earlier record of the
// same identity (a folder that went missing and was trained again). It writes
// directly, not through the generation writer: trainings are few and each is
// worth committing at once.
func (s *Store) PutAdapter(a Adapter) error {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return ErrClosed
	}
	_, err := s.db.Exec(`INSERT INTO adapters (id, name, base, path, metrics, created_at) VALUES (?, ?, ?, ?, ?, ?)
		ON CONFLICT(id) DO UPDATE SET name=excluded.name, base=excluded.base, path=excluded.path,
		metrics=excluded.metrics, created_at=excluded.created_at`,
		a.ID, a.Name, a.Base, a.Path, string(a.Metrics), time.Now().Unix())
	if err != nil {
		return fmt.Errorf("record adapter %s: %w", a.Name, err)
	}
	return nil
}

// GetAdapter returns the adapter trained for id, or nil when there is none.
func (s *Store) GetAdapter(id string) (*Adapter, error) {
	var a Adapter
	var metrics string
	var created int64
	err := s.db.QueryRow(`SELECT id, name, base, path, metrics, created_at FROM adapters WHERE id = ?`, id).
		Scan(&a.ID, &a.Name, &a.Base, &a.Path, &metrics, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up adapter %s: %w", id, err)
	}
	a.Metrics, a.Created = json.RawMessage(metrics), time.Unix(created, 0).UTC()
	return &a, nil
}
