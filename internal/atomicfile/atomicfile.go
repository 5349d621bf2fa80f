// Package atomicfile replaces a file whole or not at all: the data goes to a
// temporary file beside it, which is renamed over the file. A reader never
// sees half a file, a failed or interrupted write leaves the old version in
// place (and no temporary file behind), and two writers of the same file
// never share a temporary name.
//
// It is a leaf package: it imports nothing of aimo, so every layer may use
// it (see internal/layers).
package atomicfile

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// Write replaces path with data, with permissions perm. The directory must
// exist.
func Write(path string, data []byte, perm fs.FileMode) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			os.Remove(tmp.Name())
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Chmod(tmp.Name(), perm); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// Replace rewrites an existing file with data, keeping its permissions;
// a file that does not exist yet gets 0644.
func Replace(path string, data []byte) error {
	perm := fs.FileMode(0o644)
	if info, err := os.Stat(path); err == nil {
		perm = info.Mode().Perm()
	}
	return Write(path, data, perm)
}
