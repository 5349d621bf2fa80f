package runner

import (
	"fmt"
	"sync"
	"sync/atomic"

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
// backend, in one pass over the keys. Reports and evaluation are computed
// from its result alone.
func Collect(store *cache.Store, items []Item) ([]ItemSamples, int, error) {
	var keys []string
	for i := range items {
		keys = append(keys, items[i].Keys...)
	}
	rows, err := store.Find(keys)
	if err != nil {
		return nil, 0, fmt.Errorf("cache lookup: %w", err)
	}
	out := make([]ItemSamples, len(items))
	missing := 0
	for i := range items {
		n := len(items[i].Keys)
		out[i] = ItemSamples{Item: &items[i], Samples: rows[:n:n]}
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
				keys = append(keys, is.Item.Keys[s])
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

// streamBatch bounds the keys of one Stream query.
const streamBatch = 512

// Stream reads every item's samples from the cache with FindBrief (the
// fields grading reads, no prompt, model or tool turns) and hands each item
// to each as soon as its batch of items is read, on workers goroutines with
// a connection each, so that a caller reducing items as they come never
// holds the whole cache. each gets the goroutine's number (0 to workers-1)
// and may be called concurrently from different goroutines, items in no
// fixed order; its rows are its to keep. Stream returns how many samples the
// cache lacks, or the first error (from the cache or from each).
func Stream(store *cache.Store, items []Item, workers int, each func(worker int, is ItemSamples) error) (int, error) {
	var batches [][]Item // consecutive items with streamBatch keys or fewer, at least one item
	for first := 0; first < len(items); {
		end, n := first+1, len(items[first].Keys)
		for end < len(items) && n+len(items[end].Keys) <= streamBatch {
			n += len(items[end].Keys)
			end++
		}
		batches = append(batches, items[first:end])
		first = end
	}
	workers = max(1, min(workers, len(batches)))
	var (
		next    atomic.Int64
		missing atomic.Int64
		failed  atomic.Bool
		errs    = make([]error, workers)
		wg      sync.WaitGroup
	)
	for w := range workers {
		wg.Go(func() {
			rd, err := store.NewReader()
			if err != nil {
				errs[w] = err
				failed.Store(true)
				return
			}
			defer rd.Close()
			var keys []string
			for !failed.Load() {
				b := int(next.Add(1) - 1)
				if b >= len(batches) {
					return
				}
				keys = keys[:0]
				for i := range batches[b] {
					keys = append(keys, batches[b][i].Keys...)
				}
				rows, err := rd.FindBrief(keys)
				if err != nil {
					errs[w] = fmt.Errorf("cache lookup: %w", err)
					failed.Store(true)
					return
				}
				for i := range batches[b] {
					it := &batches[b][i]
					n := len(it.Keys)
					is := ItemSamples{Item: it, Samples: rows[:n:n]}
					rows = rows[n:]
					missing.Add(int64(is.Missing()))
					if err := each(w, is); err != nil {
						errs[w] = err
						failed.Store(true)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return 0, err
		}
	}
	return int(missing.Load()), nil
}
