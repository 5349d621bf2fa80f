package slurm

import (
	"context"
	"time"
)

// PollEvery is how often a followed job is asked about: often enough that
// progress and failures show within seconds, rarely enough that a sweep's
// handful of jobs is no load on the controller.
var PollEvery = 2 * time.Second

// Follow asks Slurm about job id every PollEvery and hands its tasks to fn
// until fn returns true, ctx ends, or Slurm cannot be asked.
func (c Cluster) Follow(ctx context.Context, id string, fn func([]Task) bool) error {
	tick := time.NewTicker(PollEvery)
	defer tick.Stop()
	for {
		tasks, err := c.Tasks(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return err
		}
		if fn(tasks) {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

// AllEnded reports whether every task has ended.
func AllEnded(tasks []Task) bool {
	for _, t := range tasks {
		if !t.Ended() {
			return false
		}
	}
	return true
}
