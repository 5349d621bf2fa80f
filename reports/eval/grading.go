package eval

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/aimo-dev/aimo/runner"
)

// Source hands every item's samples to each, from up to workers goroutines
// at once (numbered 0 to workers-1, passed to each), items in any order; it
// returns the first error of each or of its own reading. runner.Stream over
// a cache is one; FromSamples serves samples already in memory.
type Source func(workers int, each func(worker int, is runner.ItemSamples) error) error

// FromSamples serves samples, runner.Collect's result, as a Source: each
// goroutine a contiguous share of the items.
func FromSamples(samples []runner.ItemSamples) Source {
	return func(workers int, each func(int, runner.ItemSamples) error) error {
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := range workers {
			wg.Go(func() {
				for _, is := range samples[w*len(samples)/workers : (w+1)*len(samples)/workers] {
					if errs[w] = each(w, is); errs[w] != nil {
						return
					}
				}
			})
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return err
			}
		}
		return nil
	}
}

// grade puts every sample src serves into its pool, on every CPU, in two
// passes. As items arrive, in any order, each text is extracted (once per
// distinct text a goroutine sees, into that goroutine's list) and the
// signals are kept; the rows are then dropped. Once all are in, join
// renumbers the texts into one list and every problem is graded by one
// goroutine, cells in plan order — the items' order — so its cached
// verdicts and merged answers come out as a serial pass makes them.
func (ev *evaluation) grade(src Source) error {
	workers := min(runtime.GOMAXPROCS(0), maxReaders)
	setOf := map[string]int{}
	for si, s := range ev.sets {
		setOf[s.Name] = si
	}
	// Each goroutine reads about its share of the samples, each a text to
	// extract: its map and list are made that size (to a bound: a large
	// sweep's texts repeat, and its maps start afresh past maxHeld).
	samples := 0
	for si := range ev.pools {
		for _, pl := range ev.pools[si] {
			samples += len(pl.text)
		}
	}
	xs := make([]*extractor, workers)
	for w := range xs {
		xs[w] = newExtractor(ev.opts, min(samples/workers+1, 1<<16))
	}
	err := src(workers, func(w int, is runner.ItemSamples) error {
		it := is.Item
		si, ok := setOf[it.Set]
		if !ok || it.Cell < 0 || it.Cell >= len(ev.plan.Cells) {
			return fmt.Errorf("evaluate: item of cell %d on set %q is not in the plan", it.Cell, it.Set)
		}
		p, ok := ev.index[si][it.Problem.ID]
		if !ok {
			return fmt.Errorf("evaluate: problem %s is not in set %s", it.Problem.ID, it.Set)
		}
		ev.pools[si][it.Cell].take(xs[w], w, p, is.First, is.Samples)
		return nil
	})
	if err != nil {
		return err
	}
	ev.join(xs)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for si, pools := range ev.pools {
				for p := range ev.sets[si].Problems {
					if workerOf(si, p, workers) != w {
						continue
					}
					for _, pl := range pools {
						if pl.read[p].Load() {
							pl.grades(ev.golds[si][p], p)
						}
					}
				}
			}
		})
	}
	wg.Wait()
	for si := range ev.pools {
		for ci, pl := range ev.pools[si] {
			pl.finish()
			ev.res.Missing += pl.missing
			if si == 0 {
				ev.res.Cells[ci].Confidence = pl.source
			}
		}
	}
	return nil
}

// maxReaders bounds the goroutines grade reads with: a pool keeps each
// sample's reader in a byte.
const maxReaders = 255

func workerOf(si, p, workers int) int { return (si + p) % workers }

// join concatenates the extractors' lists into ev.texts and renumbers the
// pools' text indexes, sample by sample, by the offset of the list of the
// goroutine that read the sample.
func (ev *evaluation) join(xs []*extractor) {
	offset := make([]int32, len(xs))
	for w, x := range xs {
		offset[w] = int32(len(*ev.texts))
		*ev.texts = append(*ev.texts, x.list...)
		x.texts = nil
	}
	for si := range ev.pools {
		for _, pl := range ev.pools[si] {
			for i, w := range pl.owner {
				if w != 0 {
					pl.text[i] += offset[w-1]
				}
			}
		}
	}
}
