package pyenv

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
)

// Materialize writes the files of fsys (a Python package embedded in the
// binary) into <user cache>/aimo/py/<name>-<hash of the files>/ and returns
// that folder, for PYTHONPATH. The folder is written once, atomically: a
// binary built anywhere runs its own copy of the programs, and two versions
// of aimo never share one.
func Materialize(name string, fsys fs.FS) (string, error) {
	files, err := readAll(fsys)
	if err != nil {
		return "", err
	}
	h := sha256.New()
	for _, p := range sortedKeys(files) {
		fmt.Fprintf(h, "%s\x00%d\x00", p, len(files[p]))
		h.Write(files[p])
	}
	dir := filepath.Join(cacheRoot(), "py", name+"-"+hex.EncodeToString(h.Sum(nil)[:6]))
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return "", err
	}
	tmp, err := os.MkdirTemp(filepath.Dir(dir), name+".tmp-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	for p, b := range files {
		dst := filepath.Join(tmp, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return "", err
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			return "", err
		}
	}
	// MkdirTemp makes a private folder; programs may run as another user
	// (the sandbox drops root), so others may read and enter it.
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", err
	}
	if err := os.Rename(tmp, dir); err != nil {
		if _, statErr := os.Stat(dir); statErr == nil {
			return dir, nil // another process won the race with the same files
		}
		return "", err
	}
	return dir, nil
}

func readAll(fsys fs.FS) (map[string][]byte, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || filepath.Ext(p) != ".py" {
			return err
		}
		b, err := fs.ReadFile(fsys, p)
		files[p] = b
		return err
	})
	return files, err
}

func sortedKeys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
