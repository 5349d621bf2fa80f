package dataset

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/aimo-dev/aimo/internal/files"
	"github.com/aimo-dev/aimo/lang"
)

// Catalog holds an experiment's datasets and splits by name: the names
// evaluate, select and fewshot.pool refer to. It is safe for concurrent use.
type Catalog struct {
	sets  map[string]*Set
	Split *SplitReport // nil without splits

	mu    sync.Mutex
	pools map[string]*pool
}

// NewCatalog makes a catalog of the given sets, keyed by their names.
func NewCatalog(sets ...*Set) *Catalog {
	c := &Catalog{sets: map[string]*Set{}, pools: map[string]*pool{}}
	for _, s := range sets {
		c.sets[s.Name] = s
	}
	return c
}

// LoadAll loads every dataset of e (in name order) and makes its split.
func LoadAll(e *lang.Experiment) (*Catalog, error) {
	c := NewCatalog()
	names := make([]string, 0, len(e.Datasets))
	for name := range e.Datasets {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		s, err := load(name, e.Datasets[name], e.Dir, e.Files())
		var fe *files.Error
		if errors.As(err, &fe) {
			return nil, e.Refuse("datasets."+name+".path", "%q: %s", e.Datasets[name].Path, fe.Reason)
		}
		if err != nil {
			return nil, err
		}
		c.sets[name] = s
	}
	if e.Splits != nil {
		src, ok := c.sets[e.Splits.Dataset]
		if !ok {
			return nil, fmt.Errorf("split: unknown dataset %q", e.Splits.Dataset)
		}
		parts, rep, err := Split(src, e.Splits)
		if err != nil {
			return nil, err
		}
		for name, s := range parts {
			c.sets[name] = s
		}
		c.Split = &rep
	}
	if err := c.checkConfirmation(e); err != nil {
		return nil, err
	}
	return c, nil
}

// checkConfirmation refuses a confirmation set that shares a problem (by
// normalised text) with the selection set, as two datasets reading the same
// file would: the winner would be confirmed on problems it was chosen on.
// Overlap by construction (a split and its dataset) is lang's to refuse.
func (c *Catalog) checkConfirmation(e *lang.Experiment) error {
	on, confirm := c.sets[e.Select.On], c.sets[e.Select.Confirm]
	if on == nil || confirm == nil || on == confirm {
		return nil
	}
	chosen := make(map[string]bool, len(on.Problems))
	for _, p := range on.Problems {
		chosen[NormText(p.Text)] = true
	}
	shared, example := 0, ""
	for _, p := range confirm.Problems {
		if chosen[NormText(p.Text)] {
			if shared++; example == "" {
				example = p.ID
			}
		}
	}
	if shared == 0 {
		return nil
	}
	return e.Refuse("select.confirm", "%q shares %d of its %d problems with the selection set %q (problem %s, for one): the winner would be confirmed on problems it was chosen on; confirm on a set without them",
		confirm.Name, shared, len(confirm.Problems), on.Name, example)
}

// Names lists every set, sorted.
func (c *Catalog) Names() []string {
	names := make([]string, 0, len(c.sets))
	for name := range c.sets {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Set returns the dataset or split called name.
func (c *Catalog) Set(name string) (*Set, error) {
	s, ok := c.sets[name]
	if !ok {
		return nil, fmt.Errorf("no dataset or split %q (have %s)", name, strings.Join(c.Names(), ", "))
	}
	return s, nil
}

// Truncate keeps the first n problems of set name (a quick try on fewer
// problems); the Set is copied, so others holding it are unaffected.
func (c *Catalog) Truncate(name string, n int) {
	s, ok := c.sets[name]
	if !ok || len(s.Problems) <= n {
		return
	}
	cp := *s
	cp.Problems = s.Problems[:n:n]
	c.sets[name] = &cp
}
