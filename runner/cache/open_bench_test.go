package cache

import (
	"path/filepath"
	"testing"
)

// BenchmarkOpenFresh creates, migrates and closes a new cache: the fixed cost
// every first run of a sweep pays.
func BenchmarkOpenFresh(b *testing.B) {
	dir := b.TempDir()
	n := 0
	for b.Loop() {
		s, err := Open(filepath.Join(dir, "c"+string(rune('a'+n%26))+string(rune('a'+n/26%26))+string(rune('a'+n/676)), "cache.db"))
		if err != nil {
			b.Fatal(err)
		}
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		n++
	}
}
