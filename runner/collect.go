package runner

import (
	"fmt"

	"github.com/aimo-dev/aimo/runner/cache"
)

// ItemSamples is one item with cached samples in sample order: Samples[i]
// is sample First+i, and a nil entry is a sample the cache does not hold
// (never generated, or failed). Collect gives whole items (First 0); Stream
// may give an item in parts.
type ItemSamples struct {
	Item *Item
	// Index is the item's position in the items read.
	Index   int
	First   int
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
// backend, in one pass over the keys. Reports and evaluation are computed
// from its result alone.
func Collect(store *cache.Store, items []Item) ([]ItemSamples, int, error) {
	var keys []string
	for i := range items {
		for s := range items[i].NumSamples() {
			keys = append(keys, items[i].Key(s))
		}
	}
	rows, err := store.Find(keys)
	if err != nil {
		return nil, 0, fmt.Errorf("cache lookup: %w", err)
	}
	out := make([]ItemSamples, len(items))
	missing := 0
	for i := range items {
		n := items[i].NumSamples()
		out[i] = ItemSamples{Item: &items[i], Index: i, Samples: rows[:n:n]}
		rows = rows[n:]
		missing += out[i].Missing()
	}
	return out, missing, nil
}

// Refill reads from the cache the samples still missing from collected (read
// before a run that has since filled in its own generations): rows another
// process committed meanwhile. It returns how many are missing still. With
// nothing missing it reads nothing.
func Refill(store *cache.Store, collected []ItemSamples) (int, error) {
	var keys []string
	for _, is := range collected {
		for s, r := range is.Samples {
			if r == nil {
				keys = append(keys, is.Item.Key(s))
			}
		}
	}
	if len(keys) == 0 {
		return 0, nil
	}
	rows, err := store.Find(keys)
	if err != nil {
		return 0, fmt.Errorf("cache lookup: %w", err)
	}
	missing := 0
	for _, is := range collected {
		for s, r := range is.Samples {
			if r == nil {
				is.Samples[s], rows = rows[0], rows[1:]
				if is.Samples[s] == nil {
					missing++
				}
			}
		}
	}
	return missing, nil
}
