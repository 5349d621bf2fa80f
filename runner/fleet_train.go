package runner

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/aimo-dev/aimo/backends/hf"
	"github.com/aimo-dev/aimo/runner/cache"
)

// AdapterDir is the folder a training's adapter lives in once trained.
func (f *Fleet) AdapterDir(t Training) string {
	return filepath.Join(f.opts.Home, "adapters", t.ID)
}

// Trained returns the record of t's adapter when it is trained and its
// folder is complete; a finished folder the cache does not know yet (a run
// killed between the two) is recorded now.
func (f *Fleet) Trained(t Training) (*cache.Adapter, error) {
	if f.store == nil {
		return nil, nil
	}
	rec, err := f.store.GetAdapter(t.ID)
	if err != nil {
		return nil, err
	}
	if rec != nil && exists(filepath.Join(rec.Path, hf.MetricsFile)) {
		return rec, nil
	}
	dir := f.AdapterDir(t)
	b, err := os.ReadFile(filepath.Join(dir, hf.MetricsFile))
	if err != nil {
		return nil, nil
	}
	rec = &cache.Adapter{ID: t.ID, Name: t.Name, Base: t.Base, Path: dir, Metrics: b}
	if f.store.ReadOnly() {
		return rec, nil // A command that only reads leaves recording to the next run.
	}
	return rec, f.store.PutAdapter(*rec)
}

// Train trains every training not trained yet: those launched on Slurm
// first, each grid as one job array, then the local ones one after another
// (each takes the whole GPU). A cancelled context kills a local trainer (its
// half-written folder is removed and never used) and stops following the
// Slurm jobs, which Close cancels.
func (f *Fleet) Train(ctx context.Context, trainings []Training) error {
	f.removeStale()
	var todo []Training
	for _, t := range trainings {
		rec, err := f.Trained(t)
		if err != nil {
			return err
		}
		if rec == nil {
			todo = append(todo, t)
		}
	}
	todo, onSlurm := f.slurmTrainings(todo)
	if len(onSlurm) > 0 {
		if err := f.trainOnSlurm(ctx, onSlurm); err != nil {
			return err
		}
	}
	for i, t := range todo {
		if err := f.train(ctx, t, fmt.Sprintf("%d/%d", i+1, len(todo))); err != nil {
			return fmt.Errorf("training %s: %w", t.Name, err)
		}
	}
	return nil
}

func (f *Fleet) train(ctx context.Context, t Training, of string) error {
	py, err := f.python()
	if err != nil {
		return err
	}
	base, err := f.ModelPath(ctx, t.Base)
	if err != nil {
		return err
	}
	adapters := filepath.Join(f.opts.Home, "adapters")
	if err := os.MkdirAll(adapters, 0o755); err != nil {
		return err
	}
	work, err := os.MkdirTemp(adapters, t.ID+".tmp-"+strconv.Itoa(os.Getpid())+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(work)
	job, err := f.job(t, base, work)
	if err != nil {
		return err
	}
	log, err := f.logFile("train-" + t.Name)
	if err != nil {
		return err
	}
	defer log.Close()
	fmt.Fprintf(f.opts.Out, "training %s (%s): r=%d alpha=%d lr=%g epochs=%d on %s (log: %s)\n",
		t.Name, of, t.R, t.Alpha, t.LR, t.Epochs, t.Train, log.Name())
	start := time.Now()
	metrics, err := hf.Train(ctx, py, job, log, f.trainProgress(t.Name))
	if err != nil {
		return err
	}
	final := f.AdapterDir(t)
	os.RemoveAll(final) // an incomplete folder left by hand; a complete one was found by Trained
	if err := os.Rename(job.OutputDir, final); err != nil {
		return fmt.Errorf("keep the adapter: %w", err)
	}
	b, err := os.ReadFile(filepath.Join(final, hf.MetricsFile))
	if err != nil {
		return err
	}
	fmt.Fprintf(f.opts.Out, "trained %s in %s: %d steps%s\n", t.Name, time.Since(start).Round(time.Second), metrics.Steps, lossNote(metrics))
	return f.store.PutAdapter(cache.Adapter{ID: t.ID, Name: t.Name, Base: t.Base, Path: final, Metrics: b})
}

func lossNote(m *hf.Metrics) string {
	if m.InitialEvalLoss == nil || m.FinalEvalLoss == nil {
		return ""
	}
	return fmt.Sprintf(", validation loss %.4f -> %.4f", *m.InitialEvalLoss, *m.FinalEvalLoss)
}

// job writes the training's rows into work and returns the trainer's spec.
func (f *Fleet) job(t Training, base, work string) (hf.Job, error) {
	train, val, err := TrainingRows(f.sw.Exp, f.sw.Catalog, t)
	if err != nil {
		return hf.Job{}, err
	}
	job := hf.Job{
		BaseModel: base, TrainFile: filepath.Join(work, "train.jsonl"), OutputDir: filepath.Join(work, "adapter"),
		R: t.R, Alpha: t.Alpha, Dropout: t.Dropout, TargetModules: t.TargetModules, LR: t.LR, Epochs: t.Epochs,
		BatchSize: t.BatchSize, GradAccum: t.GradAccum, WarmupSteps: t.WarmupSteps, Precision: t.Precision,
		EvalSteps: t.EvalSteps, MaxSeqLen: t.MaxSeqLen, Seed: t.Seed, Device: t.Device, MaxSteps: t.MaxSteps,
		LoggingSteps: 1,
	}
	if job.MaxSteps == 0 {
		job.MaxSteps = -1
	}
	if err := os.WriteFile(job.TrainFile, train, 0o644); err != nil {
		return job, err
	}
	if val != nil {
		p := filepath.Join(work, "val.jsonl")
		job.ValFile = &p
		if err := os.WriteFile(p, val, 0o644); err != nil {
			return job, err
		}
	}
	return job, nil
}

// trainProgress prints the trainer's events: every evaluation, and a step
// line at most every five seconds.
func (f *Fleet) trainProgress(name string) func(hf.Event) {
	var last time.Time
	return func(ev hf.Event) {
		switch {
		case ev.Event == "eval" && ev.EvalLoss != nil:
			fmt.Fprintf(f.opts.Out, "  %s: step %d validation loss %.4f\n", name, ev.Step, *ev.EvalLoss)
		case ev.Event == "progress" && ev.Loss != nil && (time.Since(last) > 5*time.Second || ev.Step == ev.TotalSteps):
			last = time.Now()
			fmt.Fprintf(f.opts.Out, "  %s: step %d/%d loss %.4f\n", name, ev.Step, ev.TotalSteps, *ev.Loss)
		}
	}
}

// removeStale removes the work folders of trainings whose process is gone
// (a killed run); folders of a live aimo are left to it.
func (f *Fleet) removeStale() {
	dir := filepath.Join(f.opts.Home, "adapters")
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		_, rest, ok := strings.Cut(e.Name(), ".tmp-")
		if !ok {
			continue
		}
		pidStr, _, _ := strings.Cut(rest, "-")
		pid, err := strconv.Atoi(pidStr)
		if err == nil && pid != os.Getpid() && syscall.Kill(pid, 0) == nil {
			continue
		}
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

// AdapterMetrics decodes a recorded adapter's metrics.
func AdapterMetrics(a *cache.Adapter) (*hf.Metrics, error) {
	var m hf.Metrics
	if err := json.Unmarshal(a.Metrics, &m); err != nil {
		return nil, fmt.Errorf("adapter %s: metrics: %w", a.Name, err)
	}
	return &m, nil
}
