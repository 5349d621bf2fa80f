package sandbox

import (
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// removeAll removes a sandbox folder even where the model's code took away
// its own permissions on parts of it.
func removeAll(dir string) error {
	if err := os.RemoveAll(dir); err == nil {
		return nil
	}
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && d.IsDir() {
			_ = os.Chmod(p, 0o700)
		}
		return nil
	})
	return os.RemoveAll(dir)
}

// dirPrefix starts the name of every sandbox folder, followed by the pid of
// the aimo that made it.
const dirPrefix = "aimo-sandbox-"

// sweepStale removes the sandbox folders of aimo processes that are gone
// (killed before they could clean up), in dir.
func sweepStale(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), dirPrefix)
		pidText, _, found := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidText)
		if !ok || !found || err != nil || !e.IsDir() || pid <= 0 {
			continue
		}
		if pidGone(pid) {
			_ = removeAll(filepath.Join(dir, e.Name()))
		}
	}
}
