package main

import (
	"os"

	"github.com/aimo-dev/aimo/runner/cache"
)

// earlyCache opens a run's cache while the sweep is read and planned (the
// Jsonnet, the datasets, the prompts), on another CPU, so that the run does
// not wait for it after. An existing cache is opened; a missing one is
// built aside (cache.Build) and put in place only once the sweep is sound,
// so that a refused sweep leaves no cache behind, as when nothing opened
// early.
type earlyCache struct {
	path  string
	done  chan struct{}
	store *cache.Store
	fresh *cache.Fresh
}

func openEarly(path string) *earlyCache {
	ec := &earlyCache{path: path, done: make(chan struct{})}
	go func() {
		defer close(ec.done)
		if fi, err := os.Stat(path); err == nil && fi.Mode().IsRegular() && fi.Size() > 0 {
			// An error is met again, and reported, by open.
			ec.store, _ = cache.Open(path)
			return
		}
		ec.fresh, _ = cache.Build(path)
	}()
	return ec
}

// open returns the cache, for a sweep that is sound.
func (ec *earlyCache) open() (*cache.Store, error) {
	<-ec.done
	if ec.store != nil {
		return ec.store, nil
	}
	if ec.fresh != nil {
		ec.fresh.Keep()
	}
	return cache.Open(ec.path)
}

// abandon undoes opening early, for a sweep that was refused.
func (ec *earlyCache) abandon() {
	<-ec.done
	if ec.store != nil {
		ec.store.Close()
	}
	if ec.fresh != nil {
		ec.fresh.Discard()
	}
}
