package main

import (
	"fmt"

	"github.com/aimo-dev/aimo/backends/hf"
	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/urfave/cli/v2"
)

// evaluated is a sweep with its cached samples and their evaluation: what
// eval, report, simulate, export and submit all start from.
type evaluated struct {
	sw      *runner.Sweep
	samples []runner.ItemSamples
	res     *eval.Results
	// adapters are the trainer's metrics of each trained adapter, by name.
	adapters map[string]*hf.Metrics
}

// evaluateFromCache derives the command's sweep, reads its samples from the
// cache (which must exist: these commands never create one or call a
// backend) and evaluates them. Missing generations are an error unless
// allowMissing.
func evaluateFromCache(c *cli.Context, allowMissing bool) (*evaluated, error) {
	sw, store, err := sweepAndCache(c, runner.DeriveOptions{})
	if err != nil {
		return nil, err
	}
	defer store.Close()
	return evaluateStore(c, sw, store, allowMissing)
}

// sweepAndCache derives the command's sweep and opens its existing cache
// read-only.
func sweepAndCache(c *cli.Context, opts runner.DeriveOptions) (*runner.Sweep, *cache.Store, error) {
	sw, err := prepareSweepWith(c, opts)
	if err != nil {
		return nil, nil, err
	}
	store, err := openExistingCache(c, c.Args().First())
	if err != nil {
		return nil, nil, err
	}
	return sw, store, nil
}

// streamFromCache is evaluateFromCache for a command that needs only the
// results: the samples are read with runner.Stream, a few columns in
// batches on every CPU, and graded as they arrive, so no row outlives its
// grading and a sweep of millions of samples fits in memory.
func streamFromCache(c *cli.Context, allowMissing bool) (*eval.Results, error) {
	// Garbage is collected by memory use, not heap growth (see gcBudget),
	// from the start: building a large sweep's items is work for the
	// collector too.
	defer setGC(gcBudget(0, 0))()
	// Each key is read once, by the stream: it is derived then, not held.
	sw, store, err := sweepAndCache(c, runner.DeriveOptions{KeysOnDemand: true})
	if err != nil {
		return nil, err
	}
	defer store.Close()
	return streamEvaluate(c, sw, store, allowMissing)
}

// streamEvaluate evaluates sw from store as streamFromCache does.
func streamEvaluate(c *cli.Context, sw *runner.Sweep, store *cache.Store, allowMissing bool) (*eval.Results, error) {
	total, missing := 0, 0
	for i := range sw.Items {
		total += sw.Items[i].NumSamples()
	}
	defer setGC(gcBudget(total, len(sw.Items)))()
	res, err := eval.EvaluateFrom(sw.Exp, sw.Plan, sw.Catalog, func(workers int, each func(int, runner.ItemSamples) error) error {
		progress := startReadProgress(c.App.ErrWriter, total)
		var err error
		missing, err = runner.Stream(store, sw.Plan, sw.Items, workers, func(w int, is runner.ItemSamples) error {
			progress.Add(len(is.Samples))
			return each(w, is)
		})
		progress.Stop()
		return err
	})
	if err != nil {
		return nil, err
	}
	if missing > 0 && !allowMissing {
		return nil, missingError(c, store, missing, total)
	}
	return res, nil
}

// missingError says how many of total generations the cache lacks.
func missingError(c *cli.Context, store *cache.Store, missing, total int) error {
	return fmt.Errorf("%d of %d generations are not in the cache %s: run `aimo run %s` first, or pass --partial to use what is there",
		missing, total, store.Path(), c.Args().First())
}

func evaluateStore(c *cli.Context, sw *runner.Sweep, store *cache.Store, allowMissing bool) (*evaluated, error) {
	samples, missing, err := runner.Collect(store, sw.Items)
	if err != nil {
		return nil, err
	}
	return evaluateSamples(c, sw, store, samples, missing, allowMissing)
}

// evaluateSamples evaluates samples read from store, missing of them absent.
func evaluateSamples(c *cli.Context, sw *runner.Sweep, store *cache.Store, samples []runner.ItemSamples, missing int, allowMissing bool) (*evaluated, error) {
	if missing > 0 && !allowMissing {
		total := 0
		for i := range sw.Items {
			total += sw.Items[i].NumSamples()
		}
		return nil, missingError(c, store, missing, total)
	}
	res, err := eval.Evaluate(sw.Exp, sw.Plan, sw.Catalog, samples)
	if err != nil {
		return nil, err
	}
	adapters, err := adapterMetrics(sw, store)
	if err != nil {
		return nil, err
	}
	return &evaluated{sw: sw, samples: samples, res: res, adapters: adapters}, nil
}

// adapterMetrics reads the recorded metrics of the sweep's trained adapters.
func adapterMetrics(sw *runner.Sweep, store *cache.Store) (map[string]*hf.Metrics, error) {
	out := map[string]*hf.Metrics{}
	for _, t := range sw.Plan.Trainings {
		rec, err := store.GetAdapter(t.ID)
		if err != nil || rec == nil {
			continue
		}
		m, err := runner.AdapterMetrics(rec)
		if err != nil {
			return nil, err
		}
		out[t.Name] = m
	}
	return out, nil
}
