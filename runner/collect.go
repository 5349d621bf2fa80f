package runner

import (
	"fmt"

	"github.com/aimo-dev/aimo/runner/cache"
)

// ItemSamples is one item with its cached samples in sample order; a nil
// entry is a sample the cache does not hold (never generated, or failed).
type ItemSamples struct {
	Item    *Item
	Samples []*cache.Row
}

// Missing counts the item's samples the cache lacks.
func (is ItemSamples) Missing() int {
	n := 0
	for _, s := range is.Samples {
		if s == nil {
			n++
		}
	}
	return n
}

// Collect reads every item's samples from the cache, without calling any
// backend. Reports and evaluation are computed from its result alone.
func Collect(store *cache.Store, items []Item) ([]ItemSamples, int, error) {
	var keys []string
	for i := range items {
		keys = append(keys, items[i].Keys...)
	}
	rows, err := store.Lookup(keys)
	if err != nil {
		return nil, 0, fmt.Errorf("cache lookup: %w", err)
	}
	out := make([]ItemSamples, len(items))
	missing := 0
	for i := range items {
		it := &items[i]
		out[i] = ItemSamples{Item: it, Samples: make([]*cache.Row, len(it.Keys))}
		for s, k := range it.Keys {
			if r, ok := rows[k]; ok {
				out[i].Samples[s] = &r
			} else {
				missing++
			}
		}
	}
	return out, missing, nil
}
