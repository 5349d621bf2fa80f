package runner

import (
	"bytes"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/keyhash"
)

// streamBatch bounds the keys of one Stream query.
const streamBatch = 512

// Stream reads every item's samples from the cache, the fields grading
// reads (no prompt, model or tool turns), and hands them to each as they
// are read, on workers goroutines with a connection each, so that a caller
// reducing samples as they come never holds the whole cache. each gets the
// goroutine's number (0 to workers-1) and is called concurrently from
// different goroutines, items in no fixed order, an item whole or in parts
// (each sample at most once, every item at least once, perhaps with no
// samples); the rows are valid only until each returns. Stream returns how
// many samples the cache lacks, or the first error (from the cache or from
// each).
//
// When the items want a good share of the cache's rows (scanFrom), the
// table is read whole in storage order, a row matched to its item through
// the cell and problem it was made for and its key checked, and the few
// samples not found that way are looked up by key; otherwise every key is
// looked up.
func Stream(store *cache.Store, p *Plan, items []Item, workers int, each func(worker int, is ItemSamples) error) (int, error) {
	total := 0
	for i := range items {
		total += items[i].NumSamples()
	}
	first, last, err := store.RowidSpan()
	if err != nil {
		return 0, err
	}
	if last > 0 && int64(total)*scanFrom >= last-first+1 {
		return streamScan(store, p, items, first, last, workers, each)
	}
	return streamLookup(store, items, workers, each)
}

// scanFrom is the share of a cache's rows (1 in scanFrom) from which Stream
// scans the table rather than look each key up: a scan costs well under a
// microsecond a row, a lookup several.
const scanFrom = 10

// scanChunk is the rowids one scanning goroutine takes at a time from a span
// of span rowids: about a sixteenth of each goroutine's share, so that they
// finish together, between 64 and 262,144 (a few megabytes of rows).
func scanChunk(span int64, workers int) int64 {
	return min(max(span/int64(16*max(1, workers)), 64), 1<<18)
}

// streamLookup is Stream by key lookups, batch by batch of items.
func streamLookup(store *cache.Store, items []Item, workers int, each func(worker int, is ItemSamples) error) (int, error) {
	var batches [][2]int // [first, end) of consecutive items with streamBatch keys or fewer, at least one item
	for first := 0; first < len(items); {
		end, n := first+1, items[first].NumSamples()
		for end < len(items) && n+items[end].NumSamples() <= streamBatch {
			n += items[end].NumSamples()
			end++
		}
		batches = append(batches, [2]int{first, end})
		first = end
	}
	var next, missing atomic.Int64
	err := onWorkers(min(workers, len(batches)), func(w int) error {
		stop := func(err error) error {
			next.Store(int64(len(batches))) // the others stop at their next batch
			return err
		}
		rd, err := store.NewReader()
		if err != nil {
			return stop(err)
		}
		defer rd.Close()
		var keys []string
		for {
			b := int(next.Add(1) - 1)
			if b >= len(batches) {
				return nil
			}
			keys = keys[:0]
			for i := batches[b][0]; i < batches[b][1]; i++ {
				it := &items[i]
				for s := range it.NumSamples() {
					keys = append(keys, it.Key(s))
				}
			}
			rows, err := rd.FindBrief(keys)
			if err != nil {
				return stop(fmt.Errorf("cache lookup: %w", err))
			}
			for i := batches[b][0]; i < batches[b][1]; i++ {
				n := items[i].NumSamples()
				is := ItemSamples{Item: &items[i], Index: i, Samples: rows[:n:n]}
				rows = rows[n:]
				missing.Add(int64(is.Missing()))
				if err := each(w, is); err != nil {
					return stop(err)
				}
			}
		}
	})
	if err != nil {
		return 0, err
	}
	return int(missing.Load()), nil
}

// streamScan is Stream by a scan of the rowids [first, last], chunk by
// chunk on every goroutine, then lookups of the samples the scan missed.
func streamScan(store *cache.Store, p *Plan, items []Item, first, last int64, workers int, each func(worker int, is ItemSamples) error) (int, error) {
	// where[cell name][problem ID] lists the items a row may belong to
	// (one per evaluated set holding the problem); found marks the
	// samples read.
	where := map[string]map[string][]int32{}
	for i := range items {
		it := &items[i]
		name := p.Cells[it.Cell].Name
		if where[name] == nil {
			where[name] = map[string][]int32{}
		}
		where[name][it.Problem.ID] = append(where[name][it.Problem.ID], int32(i))
	}
	found := newSampleSet(items)
	chunk := scanChunk(last-first+1, workers)
	chunks := (last-first)/chunk + 1
	var next atomic.Int64
	err := onWorkers(workers, func(w int) error {
		sc, err := store.NewScanner()
		if err != nil {
			next.Store(chunks) // the others stop at their next chunk
			return err
		}
		defer sc.Close()
		var (
			rows []cache.Row  // the batch's rows as the evaluation reads them
			vals []float64    // their entropies and scores, two a row
			part []*cache.Row // consecutive samples of one item
			it   int          // the item
			at   int          // the sample part[0] is
		)
		flush := func() error {
			if len(part) == 0 {
				return nil
			}
			err := each(w, ItemSamples{Item: &items[it], Index: it, First: at, Samples: part})
			part = part[:0]
			return err
		}
		// A batch's rows are matched in two passes: the first finds each
		// row's candidate items and writes what their keys hash, the
		// hashes are made in one call (keyhash), the second checks each
		// candidate's key and hands the row over.
		type candidate struct{ row, item int32 }
		var (
			cands  []candidate
			msgs   []byte // a candidate's key message, keyMessage bytes each
			hashes []byte // 16 bytes a candidate
		)
		match := func(rs []cache.ScanRow) error {
			rows, vals = slices.Grow(rows[:0], len(rs))[:len(rs)], slices.Grow(vals[:0], 2*len(rs))[:2*len(rs)]
			cands, msgs = cands[:0], msgs[:0]
			var cell, problem []byte // of the last row, whose items are these
			var these []int32
			for j := range rs {
				r := &rs[j]
				if j == 0 || !bytes.Equal(r.Cell, cell) || !bytes.Equal(r.Problem, problem) {
					cell, problem = r.Cell, r.Problem
					these = where[string(cell)][string(problem)]
				}
				for _, i := range these {
					if r.Sample < 0 || r.Sample >= items[i].NumSamples() {
						continue
					}
					cands = append(cands, candidate{int32(j), i})
					msgs = items[i].appendKeyMessage(msgs, r.Sample)
				}
			}
			hashes = slices.Grow(hashes[:0], keyhash.Size*len(cands))[:keyhash.Size*len(cands)]
			keyhash.Sum(msgs, keyMessage, hashes)
			for n, cand := range cands {
				j, i := int(cand.row), int(cand.item)
				r := &rs[j]
				if !items[i].isKey(r.Sample, r.Key, hashes[keyhash.Size*n:keyhash.Size*(n+1)]) {
					continue
				}
				found.add(i, r.Sample)
				row := &rows[j]
				// The texts point into the scanner's buffer, valid while each runs.
				row.Key = unsafeString(r.Key)
				c := &row.Completion
				c.Text, c.FinishReason = unsafeString(r.Text), unsafeString(r.FinishReason)
				c.LatencyS, c.MeanEntropy, c.Score = r.LatencyS, nil, nil
				if r.HasEntropy {
					vals[2*j] = r.MeanEntropy
					c.MeanEntropy = &vals[2*j]
				}
				if r.HasScore {
					vals[2*j+1] = r.Score
					c.Score = &vals[2*j+1]
				}
				if i != it || r.Sample != at+len(part) {
					if err := flush(); err != nil {
						return err
					}
					it, at = i, r.Sample
				}
				part = append(part, row)
			}
			return flush()
		}
		for {
			k := next.Add(1) - 1
			if k >= chunks {
				return nil
			}
			from := first + k*chunk
			if err := sc.Scan(from, from+chunk, match); err != nil {
				next.Store(chunks)
				return err
			}
		}
	})
	if err != nil {
		return 0, err
	}
	// The rest are looked up by key: rows stored under another cell's
	// name (a cell sharing another's generations) or not stored at all.
	type part struct{ item, sample int32 }
	var rest []part
	for i := range items {
		for s := range items[i].NumSamples() {
			if !found.has(i, s) {
				rest = append(rest, part{int32(i), int32(s)})
			}
		}
	}
	var missing atomic.Int64
	next.Store(0)
	err = onWorkers(workers, func(w int) error {
		rd, err := store.NewReader()
		if err != nil {
			next.Store(int64(len(rest)))
			return err
		}
		defer rd.Close()
		keys := make([]string, 0, streamBatch)
		for {
			b := int(next.Add(1)-1) * streamBatch
			if b >= len(rest) {
				return nil
			}
			batch := rest[b:min(b+streamBatch, len(rest))]
			keys = keys[:0]
			for _, pt := range batch {
				keys = append(keys, items[pt.item].Key(int(pt.sample)))
			}
			rows, err := rd.FindBrief(keys)
			if err != nil {
				next.Store(int64(len(rest)))
				return fmt.Errorf("cache lookup: %w", err)
			}
			for j, pt := range batch {
				if rows[j] == nil {
					missing.Add(1)
					continue
				}
				i, s := int(pt.item), int(pt.sample)
				found.add(i, s)
				if err := each(w, ItemSamples{Item: &items[i], Index: i, First: s, Samples: rows[j : j+1]}); err != nil {
					next.Store(int64(len(rest)))
					return err
				}
			}
		}
	})
	if err != nil {
		return 0, err
	}
	// Every item is handed over once at least, so that its absent samples
	// count as missing.
	for i := range items {
		if !found.any(i) {
			if err := each(0, ItemSamples{Item: &items[i], Index: i}); err != nil {
				return 0, err
			}
		}
	}
	return int(missing.Load()), nil
}

// sampleSet marks samples of a list of items, safe for concurrent use: a bit
// per sample, item i's samples from start[i].
type sampleSet struct {
	start []int
	bits  []atomic.Uint64
}

func newSampleSet(items []Item) *sampleSet {
	start := make([]int, len(items)+1)
	for i := range items {
		start[i+1] = start[i] + items[i].NumSamples()
	}
	return &sampleSet{start: start, bits: make([]atomic.Uint64, (start[len(items)]+63)/64)}
}

// add marks sample s of item i.
func (ss *sampleSet) add(i, s int) {
	at := ss.start[i] + s
	ss.bits[at/64].Or(1 << (at % 64))
}

// has says sample s of item i is marked.
func (ss *sampleSet) has(i, s int) bool {
	at := ss.start[i] + s
	return ss.bits[at/64].Load()&(1<<(at%64)) != 0
}

// any says some sample of item i is marked.
func (ss *sampleSet) any(i int) bool {
	for s := range ss.start[i+1] - ss.start[i] {
		if ss.has(i, s) {
			return true
		}
	}
	return false
}

// onWorkers runs fn on workers goroutines, numbered, and returns the first
// error. (The fns above take work from a shared counter; one that fails
// moves the counter past the end, so that the others stop at their next
// take.)
func onWorkers(workers int, fn func(w int) error) error {
	errs := make([]error, max(1, workers))
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() { errs[w] = fn(w) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// unsafeString is b as a string without a copy, valid while b is.
func unsafeString(b []byte) string {
	return unsafe.String(unsafe.SliceData(b), len(b))
}

// CountCached counts the distinct sample keys of items that the cache holds,
// reading it as Stream does: a key that two items share (a problem in two
// evaluated sets) counts once, as Execute sends it once.
func CountCached(store *cache.Store, p *Plan, items []Item, workers int) (int, error) {
	found := newSampleSet(items)
	_, err := Stream(store, p, items, workers, func(_ int, is ItemSamples) error {
		for j, r := range is.Samples {
			if r != nil {
				found.add(is.Index, is.First+j)
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	// Items with one identity share their keys, sample by sample: each key
	// is counted at the first item that has it.
	counted := map[string]int{} // identity: samples counted
	n := 0
	for i := range items {
		id, samples := items[i].identity(), items[i].NumSamples()
		from := counted[id]
		for s := from; s < samples; s++ {
			if found.has(i, s) {
				n++
			}
		}
		counted[id] = max(from, samples)
	}
	return n, nil
}
