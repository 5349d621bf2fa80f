package eval

import (
	"fmt"
	"runtime"
	"sync"

	"github.com/aimo-dev/aimo/runner"
)

// gradeJob is one item's samples, resolved to its set and problem.
type gradeJob struct {
	si, p int
	is    runner.ItemSamples
}

// grade puts every cached sample into its pool, grading it on the way, on
// every CPU. A problem is graded by one goroutine, in item order, so its
// cached verdicts and merged answers come out as a serial pass makes them;
// each goroutine extracts into its own list, and join renumbers.
func (ev *evaluation) grade(samples []runner.ItemSamples) error {
	workers := runtime.GOMAXPROCS(0)
	jobs, err := ev.gradeJobs(samples, workers)
	if err != nil {
		return err
	}
	xs := make([]*extractor, workers)
	var wg sync.WaitGroup
	for w := range workers {
		xs[w] = newExtractor(ev.opts)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, j := range jobs[w] {
				ev.pools[j.si][j.is.Item.Cell].fill(xs[w], ev.golds[j.si][j.p], j.p, j.is.Samples)
			}
		}()
	}
	wg.Wait()
	ev.join(xs)
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

// gradeJobs checks every item against the plan and deals them to workers by
// problem.
func (ev *evaluation) gradeJobs(samples []runner.ItemSamples, workers int) ([][]gradeJob, error) {
	setOf := map[string]int{}
	for si, s := range ev.sets {
		setOf[s.Name] = si
	}
	jobs := make([][]gradeJob, workers)
	for _, is := range samples {
		it := is.Item
		si, ok := setOf[it.Set]
		if !ok || it.Cell < 0 || it.Cell >= len(ev.plan.Cells) {
			return nil, fmt.Errorf("evaluate: item of cell %d on set %q is not in the plan", it.Cell, it.Set)
		}
		p, ok := ev.index[si][it.Problem.ID]
		if !ok {
			return nil, fmt.Errorf("evaluate: problem %s is not in set %s", it.Problem.ID, it.Set)
		}
		w := workerOf(si, p, workers)
		jobs[w] = append(jobs[w], gradeJob{si, p, is})
	}
	return jobs, nil
}

func workerOf(si, p, workers int) int { return (si + p) % workers }

// join concatenates the extractors' lists into ev.texts and renumbers the
// pools' text indexes, problem by problem, by the offset of the list of the
// goroutine that graded the problem.
func (ev *evaluation) join(xs []*extractor) {
	offset := make([]int32, len(xs))
	for w, x := range xs {
		offset[w] = int32(len(*ev.texts))
		*ev.texts = append(*ev.texts, x.list...)
	}
	for si := range ev.pools {
		for _, pl := range ev.pools[si] {
			for p := range pl.set.Problems {
				off := offset[workerOf(si, p, len(xs))]
				text := pl.text[p*pl.n : (p+1)*pl.n]
				for s, t := range text {
					if t >= 0 {
						text[s] = t + off
					}
				}
			}
		}
	}
}
