package runner

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"slices"
	"testing"

	"github.com/aimo-dev/aimo/backends"
)

// TestSampleKeysAreTheIdentityOfTheirParts pins the cache keys a cell's
// samples get to their definition, the hash of identity(model, prompt,
// sampling, seed[, tools]) and the index, so that encoding the shared part
// once per cell changes no key a cache already holds.
func TestSampleKeysAreTheIdentityOfTheirParts(t *testing.T) {
	cells := map[string]Cell{
		"plain":      {Samples: 3, Seed: 7, Sampling: backends.Sampling{Temperature: 0.7, TopP: 0.95, MaxTokens: 1024, Stop: []string{"<end>", "&"}}},
		"tools":      {Samples: 2, Tools: &ToolSpec{Format: "tir", MaxRounds: 4, Version: "1"}},
		"no samples": {},
	}
	for name, c := range cells {
		t.Run(name, func(t *testing.T) {
			model, prompt := "0123456789abcdef", "fedcba9876543210"
			got := newKeyBase(model, c).sampleKeys(prompt, c.Samples)
			if want := definedKeys(model, prompt, c); !slices.Equal(got, want) {
				t.Fatalf("keys %v, want %v", got, want)
			}
		})
	}
}

func definedKeys(model, promptID string, c Cell) []string {
	parts := []any{model, promptID, c.Sampling, c.Seed}
	if c.Tools != nil {
		parts = append(parts, c.Tools)
	}
	base := identity(parts...)
	keys := make([]string, c.Samples)
	for i := range keys {
		h := sha256.New()
		h.Write([]byte(base))
		var buf [8]byte
		binary.BigEndian.PutUint64(buf[:], uint64(i))
		h.Write(buf[:])
		keys[i] = hex.EncodeToString(h.Sum(nil)[:16])
	}
	return keys
}
