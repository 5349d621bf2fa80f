package runner

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aimo-dev/aimo/backends/slurm"
	"github.com/aimo-dev/aimo/lang"
)

// cancelWait bounds how long Close waits for cancelled jobs to leave the
// queue: Slurm sends SIGTERM, then SIGKILL after its KillWait (30 s by default).
const cancelWait = 2 * time.Minute

// jobs is what a fleet submitted to Slurm: each job's ledger record, so that
// Close cancels them all and `aimo jobs` lists them.
type jobs struct {
	mu      sync.Mutex
	cluster slurm.Cluster
	ledger  slurm.Ledger
	live    map[string]*slurm.Record // submitted and not seen ended
	watch   sync.WaitGroup           // replica watchers
	stop    context.CancelFunc       // stops the watchers
	ctx     context.Context
}

func newJobs(ledger string) *jobs {
	ctx, stop := context.WithCancel(context.Background())
	return &jobs{ledger: slurm.Ledger{Path: ledger}, live: map[string]*slurm.Record{}, ctx: ctx, stop: stop}
}

// JobsDir is the folder of the experiment's Slurm jobs: one folder per job,
// and the ledger jobs.jsonl. It must be on a filesystem the cluster's nodes
// share with aimo, as the cache's folder is.
func JobsDir(home, experiment string) string { return filepath.Join(home, "jobs", experiment) }

// Ledger is the record of the experiment's Slurm jobs.
func Ledger(home, experiment string) slurm.Ledger {
	return slurm.Ledger{Path: filepath.Join(JobsDir(home, experiment), "jobs.jsonl")}
}

// slurmOptions turns a launcher into sbatch settings.
func slurmOptions(l *lang.Launcher) slurm.Options {
	return slurm.Options{
		Partition: l.Partition, Account: l.Account, QOS: l.QOS, GPUsPerJob: l.GPUsPerJob, CPUs: l.CPUs,
		Mem: l.Mem, Time: l.Time, Constraint: l.Constraint, Extra: l.ExtraSbatch, Setup: l.Setup,
	}
}

// newJobDir makes a fresh folder for one job, named after when and what.
func (f *Fleet) newJobDir(what string) (string, error) {
	root := JobsDir(f.opts.Home, f.sw.Exp.Name)
	if err := os.MkdirAll(root, 0o755); err != nil {
		return "", err
	}
	base := filepath.Join(root, time.Now().Format("20060102-150405")+"-"+what)
	dir := base
	for n := 2; ; n++ {
		err := os.Mkdir(dir, 0o755)
		if err == nil {
			return dir, nil
		}
		if !errors.Is(err, os.ErrExist) {
			return "", err
		}
		dir = fmt.Sprintf("%s-%d", base, n)
	}
}

// submit writes script into dir, makes each task's log folder, submits it
// and records the job, which Close will cancel if it is still running.
func (f *Fleet) submit(ctx context.Context, dir string, s slurm.Script, rec slurm.Record) (*slurm.Record, error) {
	j := f.slurmJobs()
	if err := j.cluster.Available(); err != nil {
		return nil, err
	}
	for i := range s.Tasks {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(strings.ReplaceAll(s.Output, "%a", fmt.Sprint(i)))), 0o755); err != nil {
			return nil, err
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "job.sbatch"), []byte(s.Render()), 0o644); err != nil {
		return nil, err
	}
	id, err := j.cluster.Submit(ctx, dir, "job.sbatch")
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", rec.Kind, rec.Name, err)
	}
	rec.ID, rec.Dir, rec.Output, rec.Submitted = id, dir, s.Output, time.Now().UTC().Truncate(time.Second)
	j.mu.Lock()
	j.live[id] = &rec
	j.mu.Unlock()
	return &rec, j.ledger.Put(rec)
}

// ended records how a job's tasks ended; it is no longer cancelled at Close.
func (f *Fleet) ended(rec *slurm.Record, tasks []slurm.Task) {
	j := f.slurmJobs()
	j.mu.Lock()
	delete(j.live, rec.ID)
	j.mu.Unlock()
	done := *rec
	done.Final = tasks
	if err := j.ledger.Put(done); err != nil {
		fmt.Fprintf(f.opts.Out, "warning: %v\n", err)
	}
}

// slurmJobs returns the fleet's job tracker, made on first use.
func (f *Fleet) slurmJobs() *jobs {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.jobs == nil {
		f.jobs = newJobs(Ledger(f.opts.Home, f.sw.Exp.Name).Path)
	}
	return f.jobs
}

// cancelJobs stops the replica watchers, cancels every job still queued or
// running, and waits until Slurm reports each ended.
func (f *Fleet) cancelJobs() error {
	f.mu.Lock()
	j := f.jobs
	f.mu.Unlock()
	if j == nil {
		return nil
	}
	j.stop()
	j.watch.Wait()
	j.mu.Lock()
	var ids []string
	for id := range j.live {
		ids = append(ids, id)
	}
	j.mu.Unlock()
	if len(ids) == 0 {
		return nil
	}
	sort.Strings(ids)
	ctx, cancel := context.WithTimeout(context.Background(), cancelWait)
	defer cancel()
	fmt.Fprintf(f.opts.Out, "cancelling Slurm jobs %s\n", strings.Join(ids, ", "))
	if err := j.cluster.Cancel(ctx, ids...); err != nil {
		return fmt.Errorf("cancel Slurm jobs %s: %w; cancel them yourself with scancel", strings.Join(ids, " "), err)
	}
	var errs []error
	for _, id := range ids {
		var last []slurm.Task
		err := j.cluster.Follow(ctx, id, func(tasks []slurm.Task) bool { last = tasks; return slurm.AllEnded(tasks) })
		if err != nil {
			errs = append(errs, fmt.Errorf("Slurm job %s did not end after scancel: %w; check with squeue -j %s", id, err, id))
			continue
		}
		j.mu.Lock()
		rec := j.live[id]
		j.mu.Unlock()
		f.ended(rec, last)
	}
	return errors.Join(errs...)
}
