package runner

import (
	"context"
	"sync"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/sandbox"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/cache"
)

// Claims let runs that share a cache share its work: a job is sent only by
// the run that claimed its keys. A claim lasts claimLease unless renewed,
// which a live run does every claimLease/3; a run waiting on another's
// claims looks again every claimPoll.
const (
	claimLease = 2 * time.Minute
	claimPoll  = 200 * time.Millisecond
)

// dispatch sends a sweep's jobs through each model's workers.
type dispatch struct {
	ctx    context.Context
	cancel context.CancelCauseFunc
	e      *lang.Experiment
	p      *Plan
	pool   *sandbox.Pool
	opts   Options
	gens   map[string]backends.Generator

	mu  sync.Mutex // mu guards sum.
	sum *Summary
}

// all runs jobs in rounds: each round sends the jobs this run could claim
// and sets aside those another run is making; the next round, after a
// pause, finds them stored (counted as cached) or free again (a failure,
// an ended run) and claims them.
func (d *dispatch) all(jobs map[string][]job) {
	go d.renew()
	for len(jobs) > 0 {
		jobs = d.round(jobs)
		if len(jobs) == 0 {
			return
		}
		if !pause(d.ctx, claimPoll) {
			for _, list := range jobs {
				for _, j := range list {
					d.count(func(s *Summary) { s.Skipped += j.n })
				}
			}
			return
		}
	}
}

// renew keeps this run's claims alive until the sweep ends.
func (d *dispatch) renew() {
	t := time.NewTicker(claimLease / 3)
	defer t.Stop()
	for {
		select {
		case <-d.ctx.Done():
			return
		case <-t.C:
			if err := d.opts.Store.RenewClaims(claimLease); err != nil {
				d.cancel(&WriteError{Path: d.opts.Store.Path(), Err: err})
			}
		}
	}
}

// round sends every job it can claim and returns those another run holds.
func (d *dispatch) round(jobs map[string][]job) map[string][]job {
	deferred := map[string][]job{}
	var wg sync.WaitGroup
	for _, model := range sortedKeys(jobs) {
		queue := make(chan job)
		workers := workersFor(d.e.Models[model], d.opts.Workers)
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				d.work(model, queue)
			}()
		}
		wg.Add(1)
		go func(list []job) {
			defer wg.Done()
			defer close(queue)
			// Jobs are claimed a worker pool's worth at a time: one
			// transaction per batch, and claims held not far ahead of the
			// requests they stand for.
			for len(list) > 0 {
				batch := list[:min(workers, len(list))]
				list = list[len(batch):]
				for i, c := range d.claim(model, batch) {
					j := batch[i]
					switch c {
					case cache.Stored:
						continue
					case cache.Claimed:
						select {
						case queue <- j:
							continue
						case <-d.ctx.Done():
						}
					default:
						if d.ctx.Err() == nil {
							d.count(func(*Summary) { deferred[model] = append(deferred[model], j) })
							continue
						}
					}
					d.count(func(s *Summary) { s.Skipped += j.n })
				}
			}
		}(jobs[model])
	}
	wg.Wait()
	return deferred
}

// claim says of each job whether this run sends it now (Claimed), another
// run stored it meanwhile (Stored: counted as cached) or holds it (Busy). A
// failed claim (the cache cannot be written) stops the sweep.
func (d *dispatch) claim(model string, jobs []job) []cache.Claim {
	busy := make([]cache.Claim, len(jobs))
	for i := range busy {
		busy[i] = cache.Busy
	}
	if d.ctx.Err() != nil {
		return busy
	}
	groups := make([][]string, len(jobs))
	for i, j := range jobs {
		groups[i] = j.item.Keys[j.first : j.first+j.n]
	}
	got, err := d.opts.Store.ClaimEach(groups, claimLease)
	if err != nil {
		d.cancel(&WriteError{Path: d.opts.Store.Path(), Err: err})
		return busy
	}
	for i, c := range got {
		if c == cache.Stored {
			d.count(func(s *Summary) { s.Cached += jobs[i].n })
			d.opts.Progress.Add(model, 0, jobs[i].n, 0)
		}
	}
	return got
}

// work is one worker: it runs jobs from queue until it closes.
func (d *dispatch) work(model string, queue <-chan job) {
	for j := range queue {
		res := runJob(d.ctx, d.e, d.p, d.gens[model], d.pool, j, d.opts)
		d.count(func(s *Summary) { s.add(res) })
		d.opts.Progress.Add(model, res.done, 0, res.failed)
		if res.down != nil {
			d.cancel(res.down)
		}
	}
}

func (d *dispatch) count(f func(*Summary)) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f(d.sum)
}

// pause waits for d and reports whether ctx is still live.
func pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
