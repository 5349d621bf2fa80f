package runner

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/keyhash"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/runner/dataset"
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

// TestCountDistinctCountsEachKeyOnce checks the plan's request counts, made
// item by item, against counting the keys themselves: a problem in two sets
// shares its keys, a cell with the same identity and more samples extends
// them, and each key counts for the model of the first item holding it.
func TestCountDistinctCountsEachKeyOnce(t *testing.T) {
	a := keyBase{before: []byte(`["m",`), after: []byte(`,1]`)}
	b := keyBase{before: []byte(`["n",`), after: []byte(`,1]`)}
	p := &Plan{Cells: []Cell{{Model: "x"}, {Model: "y"}, {Model: "z"}},
		Models: []ModelUse{{Model: "x"}, {Model: "y"}, {Model: "z"}}}
	items := []Item{
		{Cell: 0, Problem: dataset.Problem{ID: "p1", Source: "p1"}, Keys: a.sampleKeys("p1", 4)},
		{Cell: 0, Problem: dataset.Problem{ID: "p1", Source: "p1"}, Keys: a.sampleKeys("p1", 4)}, // the same problem in a second set
		{Cell: 1, Problem: dataset.Problem{ID: "p1", Source: "p1"}, Keys: a.sampleKeys("p1", 8)}, // same identity, more samples
		{Cell: 2, Problem: dataset.Problem{ID: "p2", Source: "p2"}, Keys: b.sampleKeys("p2", 3)},
		{Cell: 2, Problem: dataset.Problem{ID: "p2", Source: "p2"}, Keys: a.sampleKeys("p1", 2)},
	}
	want := map[string]int{}
	seen := map[string]bool{}
	for _, it := range items {
		for _, k := range it.Keys {
			if !seen[k] {
				seen[k] = true
				want[p.Cells[it.Cell].Model]++
			}
		}
	}
	p.countDistinct(items)
	if p.Requests != len(seen) || p.Problems != 2 {
		t.Fatalf("plan counts %d requests on %d problems, want %d on 2", p.Requests, p.Problems, len(seen))
	}
	for _, m := range p.Models {
		if m.Requests != want[m.Model] {
			t.Errorf("model %s: %d requests, want %d", m.Model, m.Requests, want[m.Model])
		}
	}
}

// TestKeysOnDemandAreTheKeys checks the sweep `aimo eval` derives without
// holding its keys: every item has the samples and, sample by sample, the
// keys of the same sweep derived with them, and the scan's check takes a
// sample's own key only (not another sample's, another item's, a key in
// capitals, a short one or one that is not hex).
func TestKeysOnDemandAreTheKeys(t *testing.T) {
	e, err := lang.Load(filepath.Join("..", "experiments", "fewshot-templates.jsonnet"), lang.Options{})
	if err != nil {
		t.Fatal(err)
	}
	held, err := Derive(e)
	if err != nil {
		t.Fatal(err)
	}
	lazy, err := DeriveWith(e, DeriveOptions{KeysOnDemand: true, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	if held.Plan.Requests <= lazy.Plan.Requests || len(lazy.Items) == 0 {
		t.Fatalf("plans of %d and %d requests", held.Plan.Requests, lazy.Plan.Requests)
	}
	byIdentity := map[string]*Item{}
	for i := range held.Items {
		it := &held.Items[i]
		byIdentity[fmt.Sprint(it.Cell, it.Set, it.Problem.ID)] = it
	}
	for i := range lazy.Items {
		it := &lazy.Items[i]
		want := byIdentity[fmt.Sprint(it.Cell, it.Set, it.Problem.ID)]
		if it.Keys != nil || want == nil || it.NumSamples() != len(want.Keys) {
			t.Fatalf("item %d: keys %v, samples %d, held item %v", i, it.Keys, it.NumSamples(), want != nil)
		}
		for s, k := range want.Keys {
			if it.Key(s) != k || !hasKey(it, s, []byte(k)) || !hasKey(want, s, []byte(k)) {
				t.Fatalf("item %d sample %d: key %s, want %s", i, s, it.Key(s), k)
			}
			other := want.Keys[(s+1)%len(want.Keys)]
			for _, bad := range []string{other, strings.ToUpper(k), k[:31], "zz" + k[2:], held.Items[(i+1)%len(held.Items)].Keys[s%len(held.Items[(i+1)%len(held.Items)].Keys)]} {
				if bad != k && hasKey(it, s, []byte(bad)) {
					t.Fatalf("item %d sample %d takes %q as its key %s", i, s, bad, k)
				}
			}
		}
	}
}

// hasKey checks key against sample s of it as the scan does: the sample in
// range, its key message hashed by keyhash, the hash compared by isKey.
func hasKey(it *Item, s int, key []byte) bool {
	if s < 0 || s >= it.NumSamples() {
		return false
	}
	sum := make([]byte, keyhash.Size)
	keyhash.Sum(it.appendKeyMessage(nil, s), keyMessage, sum)
	return it.isKey(s, key, sum)
}
