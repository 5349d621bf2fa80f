package runner

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/sandbox"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/cache"
)

// Options configure Execute.
type Options struct {
	Store *cache.Store
	// Generator returns the backend for a model key; it is called once per
	// model that has work.
	Generator func(model string) (backends.Generator, error)
	// Workers bounds concurrent requests per model (default: the model's
	// concurrency, else 64).
	Workers  int
	Progress *Progress
	// Samples, when set, is Collect's result for the same items, read just
	// before Execute: Execute then plans from it rather than reading the cache
	// again, and fills in each new generation as it arrives, so that the run's
	// evaluation need not read back what it has just written.
	Samples []ItemSamples
}

// Summary counts what a run did.
type Summary struct {
	Requests int `json:"requests"`
	Cached   int `json:"cached"`
	New      int `json:"new"`
	Failed   int `json:"failed"`
	// Skipped counts samples not attempted because the run was interrupted
	// or a server went down.
	Skipped     int            `json:"skipped"`
	Failures    map[string]int `json:"failures,omitempty"`
	Interrupted bool           `json:"interrupted"`
	// Lost counts generations received but not stored (a full disk): paid
	// for, and to be generated again. New counts only what was stored.
	Lost int `json:"lost,omitempty"`
	// Warnings name sandbox protections this machine could not apply, when
	// the run held tool conversations.
	Warnings []string `json:"warnings,omitempty"`

	cachedBy map[string]int
	received int // received counts successful generations handed to the store.
}

// job asks for samples [first, first+n) of one item, items[at].
type job struct {
	item     *Item
	at       int
	first, n int
}

// sample is the position of one sample: item, then sample index.
type sample struct{ item, index int }

// Execute turns every request of the plan into a cache hit or a backend call.
// Each completed generation is handed to the cache's writer as soon as it
// arrives; a cancelled context stops new requests, drops the cancelled
// in-flight ones (they are not failures) and flushes what completed.
func Execute(ctx context.Context, e *lang.Experiment, p *Plan, items []Item, opts Options) (*Summary, error) {
	sum := &Summary{Failures: map[string]int{}, cachedBy: map[string]int{}}
	jobs, shared, err := pending(e, p, items, opts, sum)
	if err != nil {
		return sum, err
	}
	pool, err := toolPool(ctx, e, p, jobs, opts.Workers)
	if err != nil {
		return sum, err
	}
	if pool != nil {
		defer pool.Close()
		sum.Warnings = pool.Info().Warnings()
	}
	declared := map[string]bool{}
	for _, model := range append(sortedKeys(jobs), sortedKeys(sum.cachedBy)...) {
		if declared[model] {
			continue
		}
		declared[model] = true
		n := 0
		for _, j := range jobs[model] {
			n += j.n
		}
		opts.Progress.Model(model, n+sum.cachedBy[model], sum.cachedBy[model])
	}
	opts.Progress.Start()
	defer opts.Progress.Stop()
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stored := opts.Store.Stored()
	go stopOnWriteFailure(ctx, opts.Store, cancel)
	gens, err := openGenerators(sortedKeys(jobs), opts.Generator)
	if err != nil {
		return sum, err
	}
	defer closeGenerators(gens)
	d := &dispatch{ctx: ctx, cancel: cancel, e: e, p: p, pool: pool, opts: opts, gens: gens, sum: sum}
	d.all(jobs)
	for to, from := range shared {
		opts.Samples[to.item].Samples[to.index] = opts.Samples[from.item].Samples[from.index]
	}
	flushErr := opts.Store.Flush()
	sum.settle(opts.Store.Stored() - stored)
	// What this run claimed and did not store (cancelled, lost) is free for
	// another run at once; a release that fails ends with the lease.
	_ = opts.Store.ReleaseClaims()
	var down *openai.DownError
	var werr *WriteError
	switch cause := context.Cause(ctx); {
	case errors.As(cause, &down), errors.As(cause, &werr):
		return sum, cause
	case flushErr != nil:
		return sum, &WriteError{Path: opts.Store.Path(), Err: flushErr}
	}
	sum.Interrupted = ctx.Err() != nil
	return sum, nil
}

func workersFor(m *lang.Model, override int) int {
	switch {
	case override > 0:
		return override
	case m.Backend == "replay":
		return 4
	case m.Concurrency > 0:
		return m.Concurrency * replicas(m)
	}
	// vLLM schedules up to 256 sequences by default (--max-num-seqs); keep
	// that many requests in flight per server so its continuous batching
	// stays full.
	return 256 * replicas(m)
}

// pending looks every key up in the cache (or in opts.Samples) and groups the
// missing samples of each item into runs of consecutive indices, one request
// each. A key shared by two items (the same problem in two evaluated sets) is
// requested once; shared maps each later sample of such a key to the one that
// requests it. A tool cell's samples are one job each: every conversation is
// its own, and each is cached the moment it ends.
func pending(e *lang.Experiment, p *Plan, items []Item, opts Options, sum *Summary) (jobs map[string][]job, shared map[sample]sample, err error) {
	cached, err := cachedIn(items, opts)
	if err != nil {
		return nil, nil, err
	}
	scheduled := map[string]sample{}
	jobs = map[string][]job{}
	for i := range items {
		it := &items[i]
		model := p.Cells[it.Cell].Model
		single := runsTools(e, p.Cells[it.Cell])
		start := -1
		flush := func(end int) {
			switch {
			case start < 0:
			case single:
				for s := start; s < end; s++ {
					jobs[model] = append(jobs[model], job{it, i, s, 1})
				}
			default:
				jobs[model] = append(jobs[model], job{it, i, start, end - start})
			}
			start = -1
		}
		for s, k := range it.Keys {
			first, again := scheduled[k]
			switch {
			case cached(i, s):
				sum.Cached++
				sum.cachedBy[model]++
				flush(s)
			case again:
				if shared == nil {
					shared = map[sample]sample{}
				}
				shared[sample{i, s}] = first
				flush(s)
			default:
				scheduled[k] = sample{i, s}
				sum.Requests++
				if start < 0 {
					start = s
				}
			}
		}
		flush(len(it.Keys))
	}
	sum.Requests += sum.Cached
	return jobs, shared, nil
}

// cachedIn tells whether sample s of items[i] is cached: from opts.Samples
// when the caller has read them, else from one existence check of every key.
func cachedIn(items []Item, opts Options) (func(i, s int) bool, error) {
	if opts.Samples != nil {
		if len(opts.Samples) != len(items) {
			return nil, fmt.Errorf("execute: %d collected items for %d items", len(opts.Samples), len(items))
		}
		return func(i, s int) bool { return opts.Samples[i].Samples[s] != nil }, nil
	}
	var keys []string
	for i := range items {
		keys = append(keys, items[i].Keys...)
	}
	have, err := opts.Store.Has(keys)
	if err != nil {
		return nil, fmt.Errorf("cache lookup: %w", err)
	}
	return func(i, s int) bool { return have[items[i].Keys[s]] }, nil
}

type jobResult struct {
	done, failed int
	failure      string
	skipped      int
	down         error
}

func (s *Summary) add(r jobResult) {
	s.received += r.done
	s.Failed += r.failed
	s.Skipped += r.skipped
	if r.failure != "" {
		s.Failures[r.failure] += r.failed
	}
}

// runJob makes one backend call and hands its samples, or its failure, to the
// cache. A cancelled call records nothing: it will simply run next time.
func runJob(ctx context.Context, e *lang.Experiment, p *Plan, gen backends.Generator, pool *sandbox.Pool, j job, opts Options) jobResult {
	store := opts.Store
	if ctx.Err() != nil {
		return jobResult{skipped: j.n}
	}
	cell := p.Cells[j.item.Cell]
	var err error
	if runsTools(e, cell) {
		gen, err = toolGenerator(gen, pool, cell)
	}
	var comps []backends.Completion
	if err == nil {
		comps, err = gen.Generate(ctx, j.item.Request(e, p, j.first, j.n))
	}
	if err == nil && len(comps) != j.n {
		err = backends.Permanent("backend returned %d samples, asked for %d", len(comps), j.n)
	}
	row := func(s int) cache.Row {
		return cache.Row{Key: j.item.Keys[s], Cell: cell.Name, Problem: j.item.Problem.ID, Sample: s, Model: cell.Model}
	}
	if err != nil {
		if ctx.Err() != nil {
			return jobResult{skipped: j.n}
		}
		var down *openai.DownError
		if errors.As(err, &down) {
			return jobResult{skipped: j.n, down: fmt.Errorf("model %s: %w", cell.Model, err)}
		}
		for s := j.first; s < j.first+j.n; s++ {
			r := row(s)
			r.Err = err.Error()
			store.Put(r)
		}
		return jobResult{failed: j.n, failure: failureKind(err)}
	}
	// The kept rows carry the time the cache will read back: UTC, no
	// monotonic reading.
	now := time.Now().Round(0).UTC()
	for i, c := range comps {
		r := row(j.first + i)
		r.Completion, r.CreatedAt = c, now
		store.Put(r)
		if opts.Samples != nil {
			opts.Samples[j.at].Samples[j.first+i] = &r
		}
	}
	return jobResult{done: j.n}
}

// failureKind shortens an error to a line for the failure counts.
func failureKind(err error) string {
	msg := groupable(err.Error())
	if len(msg) > 160 {
		msg = msg[:157] + "..."
	}
	return msg
}

// TopFailures lists failure messages, most frequent first.
func (s *Summary) TopFailures() []string {
	msgs := make([]string, 0, len(s.Failures))
	for m := range s.Failures {
		msgs = append(msgs, m)
	}
	sort.Slice(msgs, func(i, j int) bool {
		if s.Failures[msgs[i]] != s.Failures[msgs[j]] {
			return s.Failures[msgs[i]] > s.Failures[msgs[j]]
		}
		return msgs[i] < msgs[j]
	})
	return msgs
}
