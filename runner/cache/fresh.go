package cache

import (
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
)

// A Fresh is a new, empty cache built under a name of its own beside the
// path it is meant for, so that a run can make its cache while it is still
// checking its sweep and leave nothing behind if the sweep is refused: Keep
// puts it in place, Discard removes it. Nothing opens it meanwhile.
type Fresh struct {
	path, temp string
	made       []string // folders made for it, outermost first
}

// Build makes a Fresh for path, creating the folders it needs.
func Build(path string) (*Fresh, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	f := &Fresh{path: path, temp: fmt.Sprintf("%s.new-%d-%08x", path, os.Getpid(), rand.Uint32())}
	for dir := filepath.Dir(path); ; dir = filepath.Dir(dir) {
		if _, err := os.Lstat(dir); err == nil || dir == filepath.Dir(dir) {
			break
		}
		f.made = append([]string{dir}, f.made...)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		f.Discard()
		return nil, fmt.Errorf("open cache: %w", err)
	}
	removeAbandoned(path)
	db, err := sql.Open("sqlite3", dsn(f.temp))
	if err == nil {
		err = prepare(db, true)
		err = errors.Join(err, db.Close())
	}
	if err != nil {
		f.Discard()
		return nil, fmt.Errorf("open cache %s: %w", path, err)
	}
	return f, nil
}

// Keep puts the fresh cache at its path, unless a cache is there already
// (another run made it meanwhile: that one stays); Open it then. Where the
// file system cannot link, the fresh cache is dropped and Open makes the
// cache in place.
func (f *Fresh) Keep() {
	// A link, unlike a rename, never replaces a cache that is there.
	_ = os.Link(f.temp, f.path)
	f.made = nil
	f.Discard()
}

// removeAbandoned removes the fresh caches beside path that processes of
// this host built and could not keep or discard: they were killed.
func removeAbandoned(path string) {
	found, _ := filepath.Glob(path + ".new-*")
	for _, name := range found {
		var pid int
		var nonce uint32
		rest := strings.TrimPrefix(name, path)
		if n, _ := fmt.Sscanf(rest, ".new-%d-%08x", &pid, &nonce); n != 2 || alive(pid) {
			continue
		}
		removeDatabase(name)
	}
}

// removeDatabase removes the SQLite database at name and the files SQLite
// keeps beside it.
func removeDatabase(name string) {
	for _, suffix := range []string{"", "-wal", "-shm", "-journal"} {
		_ = os.Remove(name + suffix)
	}
}

// Discard removes the fresh cache and the folders made for it.
func (f *Fresh) Discard() {
	removeDatabase(f.temp)
	// Innermost first; a folder something else has been put in stays.
	for i := len(f.made) - 1; i >= 0; i-- {
		_ = os.Remove(f.made[i])
	}
}
