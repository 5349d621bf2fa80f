package main

import (
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// catalog wraps the experiment's datasets and splits for the planner.
type catalog struct {
	*dataset.Catalog
}

func loadSets(e *lang.Experiment) (catalog, error) {
	c, err := dataset.LoadAll(e)
	return catalog{c}, err
}

func (c catalog) count(name string) (int, error) {
	s, err := c.Set(name)
	if err != nil {
		return 0, err
	}
	return len(s.Problems), nil
}
