package runner

import (
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// Sweep is an experiment with everything derived from it before any
// generation: its datasets and splits, its plan, and every rendered item.
type Sweep struct {
	Exp     *lang.Experiment
	Catalog *dataset.Catalog
	Plan    *Plan
	Items   []Item
}

// Load reads the experiment at path and derives its sweep.
func Load(path string, opts lang.Options) (*Sweep, error) {
	e, err := lang.Load(path, opts)
	if err != nil {
		return nil, err
	}
	return Derive(e)
}

// Derive loads e's datasets, plans it and renders its items.
func Derive(e *lang.Experiment) (*Sweep, error) {
	return DeriveWith(e, DeriveOptions{})
}

// DeriveOptions adjust Derive.
type DeriveOptions struct {
	// Limit keeps the first Limit problems of each evaluated set (0 keeps
	// all): a quick try of the same cells on fewer problems. The plan, its
	// limits and its counts are those of the problems kept, so a sweep too
	// large for limits.requests can still be tried on a few; identities do
	// not change (few-shot examples are drawn from the whole pool), so what
	// a limited run generates is reused by the full one.
	Limit int
	// KeysOnDemand leaves Item.Keys nil, each sample's key derived when
	// asked (Item.Key), for a caller that reads each once: a sweep of 32
	// million samples then holds no 32 million key strings (1.5 GB).
	KeysOnDemand bool
}

// DeriveWith is Derive adjusted by opts.
func DeriveWith(e *lang.Experiment, opts DeriveOptions) (*Sweep, error) {
	n := opts.Limit
	cat, err := dataset.LoadAll(e)
	if err != nil {
		return nil, err
	}
	count := CountIn(cat)
	if n > 0 {
		all := count
		count = func(name string) (int, error) {
			size, err := all(name)
			return min(size, n), err
		}
	}
	p, err := Build(e, count)
	if err != nil {
		return nil, err
	}
	if err := IdentifyTrainings(e, p, cat); err != nil {
		return nil, err
	}
	items, err := renderItems(e, p, cat, opts.KeysOnDemand)
	if err != nil {
		return nil, err
	}
	if n > 0 {
		// The evaluation reads the sets' problems from the catalog.
		for _, sc := range p.Sets {
			cat.Truncate(sc.Name, n)
		}
	}
	p.countDistinct(items)
	return &Sweep{Exp: e, Catalog: cat, Plan: p, Items: items}, nil
}

// CountIn sizes sets by looking them up in cat.
func CountIn(cat *dataset.Catalog) Counter {
	return func(name string) (int, error) {
		s, err := cat.Set(name)
		if err != nil {
			return 0, err
		}
		return len(s.Problems), nil
	}
}

// countDistinct recounts problems and requests once items are rendered: a
// problem in two evaluated sets (a split and the dataset it came from) is
// generated once, so it counts once, as Execute counts it. An item's keys
// all derive from one base (see sampleKeys), so items sharing it share
// keys: the count goes item by item, not key by key, and a key is counted
// for the model of the first item that has it, as Execute sends it.
func (p *Plan) countDistinct(items []Item) {
	// Every cell has the same problems (Items), so a cell's share of the
	// items is about how many there are.
	problems := make(map[string]bool, len(items)/max(len(p.Cells), 1))
	seen := make(map[string]int, len(items)) // first key: keys counted
	perModel := map[string]int{}
	requests := 0
	for i := range items {
		it := &items[i]
		problems[it.Problem.Source] = true
		id, samples := it.identity(), it.NumSamples()
		if samples == 0 {
			continue
		}
		if n := seen[id]; samples > n {
			seen[id] = samples
			perModel[p.Cells[it.Cell].Model] += samples - n
			requests += samples - n
		}
	}
	p.Problems, p.Requests = len(problems), requests
	for i := range p.Models {
		p.Models[i].Requests = perModel[p.Models[i].Model]
	}
}
