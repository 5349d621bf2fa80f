package runner

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"sync"
	"time"

	"github.com/aimo-dev/aimo/backends/hf"
	"github.com/aimo-dev/aimo/backends/slurm"
	"github.com/aimo-dev/aimo/runner/cache"
)

// trainArray is one grid's trainings submitted as a job array.
type trainArray struct {
	rec    *slurm.Record
	ts     []Training
	events []*eventTail
	state  []string // last state reported per task
	done   []bool
}

// trainOnSlurm trains each grid's adapters as one job array, all arrays at
// once, and follows them to the end. A task that fails does not stop the
// others: each adapter that trains is kept, and the failures are returned
// with their exit codes and log tails.
func (f *Fleet) trainOnSlurm(ctx context.Context, todo []Training) error {
	byGrid := map[string][]Training{}
	for _, t := range todo {
		byGrid[t.Grid] = append(byGrid[t.Grid], t)
	}
	var arrays []*trainArray
	for _, grid := range sortedKeys(byGrid) {
		a, err := f.submitTraining(ctx, grid, byGrid[grid])
		if err != nil {
			return err
		}
		arrays = append(arrays, a)
	}
	errs := make([]error, len(arrays))
	var wg sync.WaitGroup
	for i, a := range arrays {
		wg.Go(func() { errs[i] = f.followTraining(ctx, a) })
	}
	wg.Wait()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return errors.Join(errs...)
}

// submitTraining writes each training's rows and spec into its task folder
// and submits the grid's job array.
func (f *Fleet) submitTraining(ctx context.Context, grid string, ts []Training) (*trainArray, error) {
	py, err := f.python()
	if err != nil {
		return nil, err
	}
	programs, err := hf.Programs()
	if err != nil {
		return nil, err
	}
	dir, err := f.newJobDir("train-" + grid)
	if err != nil {
		return nil, err
	}
	a := &trainArray{ts: ts, state: make([]string, len(ts)), done: make([]bool, len(ts))}
	var names []string
	for i, t := range ts {
		task := filepath.Join(dir, fmt.Sprintf("task-%d", i))
		if err := f.writeTrainingTask(ctx, t, task); err != nil {
			return nil, fmt.Errorf("training %s: %w", t.Name, err)
		}
		a.events = append(a.events, &eventTail{path: filepath.Join(task, eventsFile)})
		names = append(names, t.Name)
	}
	rec, err := f.submit(ctx, dir, f.trainScript(grid, ts, py, programs), slurm.Record{Kind: "train", Name: grid, Tasks: names})
	if err != nil {
		return nil, err
	}
	a.rec = rec
	fmt.Fprintf(f.opts.Out, "submitted training of %s (%d adapters) as Slurm job %s (folder: %s)\n", grid, len(ts), rec.ID, dir)
	return a, nil
}

// writeTrainingTask writes a training's rows and spec into its task folder.
func (f *Fleet) writeTrainingTask(ctx context.Context, t Training, task string) error {
	base, err := f.ModelPath(ctx, t.Base)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(task, 0o755); err != nil {
		return err
	}
	job, err := f.job(t, base, task)
	if err != nil {
		return err
	}
	_, err = hf.WriteSpec(job)
	return err
}

// followTraining follows a job array until every task has ended, printing
// state changes and the trainer's progress, and keeps each adapter trained.
func (f *Fleet) followTraining(ctx context.Context, a *trainArray) error {
	var errs []error
	progress := make([]func(hf.Event), len(a.ts))
	for i, t := range a.ts {
		progress[i] = f.trainProgress(t.Name)
	}
	err := f.slurmJobs().cluster.Follow(ctx, a.rec.ID, func(tasks []slurm.Task) bool {
		for _, task := range tasks {
			i := task.Index
			if i < 0 || i >= len(a.ts) || a.done[i] {
				continue
			}
			a.events[i].read(progress[i])
			f.reportState(a.ts[i].Name, task, &a.state[i])
			if task.Ended() {
				a.done[i] = true
				if err := f.collect(a.rec, a.ts[i], task); err != nil {
					errs = append(errs, err)
				}
			}
		}
		if slurm.AllEnded(tasks) {
			f.ended(a.rec, tasks)
			return true
		}
		return false
	})
	if err != nil {
		return err
	}
	return errors.Join(errs...)
}

// reportState prints a task's state when it changes: queued (and why),
// running (and where).
func (f *Fleet) reportState(what string, task slurm.Task, last *string) {
	state := task.State
	if task.State == "PENDING" && task.Reason != "" {
		state += " (" + task.Reason + ")"
	}
	if state == *last || task.Ended() {
		return
	}
	*last = state
	where := ""
	if task.Running() && task.Node != "" {
		where = " on " + task.Node
	}
	fmt.Fprintf(f.opts.Out, "  %s: Slurm job %s %s%s\n", what, task.ID, state, where)
}

// collect keeps the adapter of an ended training task, or says how the
// task failed.
func (f *Fleet) collect(rec *slurm.Record, t Training, task slurm.Task) error {
	log := rec.Log(task.Index)
	if !task.OK() {
		return slurm.Failure("training "+t.Name, task, log)
	}
	out := filepath.Join(rec.Dir, fmt.Sprintf("task-%d", task.Index), "adapter")
	metrics, err := hf.ReadMetrics(out)
	if err != nil {
		return fmt.Errorf("training %s: Slurm job %s completed but left no finished adapter (%v); see %s", t.Name, task.ID, err, log)
	}
	final := f.AdapterDir(t)
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return err
	}
	os.RemoveAll(final) // an incomplete folder; a complete one was found before submitting
	if err := os.Rename(out, final); err != nil {
		return fmt.Errorf("training %s: keep the adapter: %w", t.Name, err)
	}
	b, err := os.ReadFile(filepath.Join(final, hf.MetricsFile))
	if err != nil {
		return err
	}
	fmt.Fprintf(f.opts.Out, "trained %s on %s in %s: %d steps%s\n", t.Name, orUnknown(task.Node), time.Duration(metrics.WallS*float64(time.Second)).Round(time.Second), metrics.Steps, lossNote(metrics))
	return f.store.PutAdapter(cache.Adapter{ID: t.ID, Name: t.Name, Base: t.Base, Path: final, Metrics: b})
}

func orUnknown(s string) string {
	if s == "" {
		return "an unknown node"
	}
	return s
}

// eventTail reads the trainer's events a job writes to a shared file, a
// complete line at a time.
type eventTail struct {
	path    string
	off     int64
	partial []byte
}

func (e *eventTail) read(fn func(hf.Event)) {
	file, err := os.Open(e.path)
	if err != nil {
		return
	}
	defer file.Close()
	if _, err := file.Seek(e.off, io.SeekStart); err != nil {
		return
	}
	r := bufio.NewReader(file)
	for {
		line, err := r.ReadBytes('\n')
		e.off += int64(len(line))
		if err != nil {
			e.partial = append(e.partial, line...)
			return
		}
		line = append(e.partial, line...)
		e.partial = nil
		if ev, ok := hf.ReadEvent(line); ok {
			fn(ev)
		}
	}
}

// slurmTrainings splits trainings by where they run.
func (f *Fleet) slurmTrainings(ts []Training) (local, cluster []Training) {
	for _, t := range ts {
		if f.sw.Exp.TrainingLauncher(t.Grid).IsSlurm() {
			cluster = append(cluster, t)
		} else {
			local = append(local, t)
		}
	}
	sort.SliceStable(cluster, func(i, j int) bool { return cluster[i].Grid < cluster[j].Grid })
	return local, cluster
}
