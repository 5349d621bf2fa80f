package runner

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"time"

	"github.com/aimo-dev/aimo/backends/hf"
	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/slurm"
	"github.com/aimo-dev/aimo/lang"
)

// replicaPool is a model served by a job array of replicas. Requests go to
// the replicas that answered their health check; a replica whose job ends
// (or is requeued) leaves the pool and one that comes back joins it again.
type replicaPool struct {
	key     string
	rec     *slurm.Record
	health  string
	timeout time.Duration
	client  *openai.Client
	cfg     openai.Config

	mu       sync.Mutex
	replicas []replica
}

// replica is what aimo knows of one task of the array.
type replica struct {
	url     string    // set while healthy and routed to
	running time.Time // when it was first seen running, for the start-up timeout
	state   string    // last state printed
	failure error     // why it never became ready
	ended   bool
	// leaving is set when a replica that was routed to is seen completing
	// (its processes stopping): it is routed to no more, and its end is
	// told as a replica leaving the pool, not as one that never started.
	leaving bool
}

// replicas is how many servers a model runs: its replicas on Slurm, one
// locally.
func replicas(m *lang.Model) int {
	if !m.Launcher.IsSlurm() {
		return 1
	}
	return max(1, m.Replicas)
}

// startOnSlurm submits model key's replicas and returns once one is healthy;
// the others join as they become healthy. A watcher follows the job until
// the fleet closes.
func (f *Fleet) startOnSlurm(ctx context.Context, key string) error {
	spec, err := f.ServerSpec(ctx, key, true)
	if err != nil {
		return err
	}
	programs := ""
	if f.sw.Exp.Models[key].Backend == "hf" {
		if programs, err = hf.Programs(); err != nil {
			return err
		}
	}
	script, err := f.serveScript(key, spec, programs)
	if err != nil {
		return err
	}
	dir, err := f.newJobDir("serve-" + key)
	if err != nil {
		return err
	}
	n := replicas(f.sw.Exp.Models[key])
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("replica %d", i+1)
	}
	rec, err := f.submit(ctx, dir, script, slurm.Record{Kind: "serve", Name: key, Tasks: names})
	if err != nil {
		return err
	}
	fmt.Fprintf(f.opts.Out, "submitted %d replica(s) of model %s as Slurm job %s (folder: %s)\n", n, key, rec.ID, dir)
	timeout := spec.StartupTimeout
	if timeout <= 0 {
		timeout = 10 * time.Minute
	}
	p := &replicaPool{key: key, rec: rec, health: "/health", timeout: timeout, replicas: make([]replica, n), cfg: f.clientConfig(key)}
	if err := f.waitFirstReplica(ctx, p); err != nil {
		return err
	}
	f.mu.Lock()
	f.pools[key] = p
	f.mu.Unlock()
	j := f.slurmJobs()
	j.watch.Go(func() { f.watchReplicas(j.ctx, p) })
	return nil
}

// clientConfig is how aimo talks to model key's servers: its concurrency
// (256 by default, vLLM's batch) for each replica.
func (f *Fleet) clientConfig(key string) openai.Config {
	m := f.sw.Exp.Models[key]
	return openai.Config{
		Chat: m.Endpoint == "chat", Concurrency: workersFor(m, 0),
		Timeout: time.Duration(m.TimeoutS * float64(time.Second)), MaxRetries: maxRetries(m),
	}
}

// waitFirstReplica follows the job until a replica is healthy, or fails
// when every replica has ended without becoming so.
func (f *Fleet) waitFirstReplica(ctx context.Context, p *replicaPool) error {
	err := f.slurmJobs().cluster.Follow(ctx, p.rec.ID, func(tasks []slurm.Task) bool {
		return f.updateReplicas(ctx, p, tasks) || p.allEnded()
	})
	if err != nil {
		return err
	}
	if p.client != nil {
		return nil
	}
	var errs []error
	for _, r := range p.replicas {
		errs = append(errs, r.failure)
	}
	return errors.Join(errs...)
}

// watchReplicas keeps the pool current until ctx ends (the fleet closes).
func (f *Fleet) watchReplicas(ctx context.Context, p *replicaPool) {
	err := f.slurmJobs().cluster.Follow(ctx, p.rec.ID, func(tasks []slurm.Task) bool {
		f.updateReplicas(ctx, p, tasks)
		if slurm.AllEnded(tasks) {
			f.ended(p.rec, tasks)
			fmt.Fprintf(f.opts.Out, "model %s: every replica has ended; requests to it fail from now on\n", p.key)
			return true
		}
		return false
	})
	if err != nil && ctx.Err() == nil {
		fmt.Fprintf(f.opts.Out, "model %s: cannot follow Slurm job %s: %v\n", p.key, p.rec.ID, err)
	}
}

// updateReplicas applies the tasks' states to the pool and reports whether
// any replica is routed to.
func (f *Fleet) updateReplicas(ctx context.Context, p *replicaPool, tasks []slurm.Task) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, task := range tasks {
		if task.Index < 0 || task.Index >= len(p.replicas) {
			continue
		}
		r := &p.replicas[task.Index]
		what := fmt.Sprintf("model %s, replica %d", p.key, task.Index+1)
		f.reportState(what, task, &r.state)
		switch {
		case task.Ended():
			f.replicaEnded(p, r, task, what)
		case task.Running():
			f.replicaRunning(ctx, p, r, task, what)
		case task.State == "COMPLETING":
			r.leaving = r.leaving || r.url != ""
			p.drop(r)
		default: // pending again: requeued
			p.drop(r)
			r.running = time.Time{}
		}
	}
	for _, r := range p.replicas {
		if r.url != "" {
			return true
		}
	}
	return false
}

func (f *Fleet) replicaEnded(p *replicaPool, r *replica, task slurm.Task, what string) {
	if r.ended {
		return
	}
	r.ended = true
	if r.url != "" || r.leaving {
		p.drop(r)
		fmt.Fprintf(f.opts.Out, "%s: Slurm job %s %s; %d replica(s) left\n", what, task.ID, task.Outcome(), p.ready())
		return
	}
	if r.failure == nil {
		r.failure = slurm.Failure(what, task, p.rec.Log(task.Index))
		fmt.Fprintf(f.opts.Out, "%v\n", r.failure)
	}
}

func (f *Fleet) replicaRunning(ctx context.Context, p *replicaPool, r *replica, task slurm.Task, what string) {
	if r.url != "" || r.failure != nil {
		return
	}
	if r.running.IsZero() {
		r.running = time.Now()
	}
	url, ok := readEndpoint(filepath.Join(p.rec.Dir, fmt.Sprintf("replica-%d", task.Index), endpointFile))
	if ok && healthy(ctx, url+p.health) {
		r.url = url + "/v1"
		if p.client == nil {
			cfg := p.cfg
			cfg.BaseURLs = []string{r.url}
			c, err := openai.New(cfg)
			if err != nil {
				r.failure = err
				return
			}
			p.client = c
		} else if err := p.client.AddServer(r.url); err != nil {
			r.failure = err
			return
		}
		fmt.Fprintf(f.opts.Out, "%s is ready at %s (Slurm job %s on %s, %d s); %d of %d replicas ready\n",
			what, r.url, task.ID, orUnknown(task.Node), seconds(r.running), p.ready(), len(p.replicas))
		return
	}
	if time.Since(r.running) > p.timeout {
		r.failure = slurm.Failure(what+fmt.Sprintf(" (not healthy after %v; cancelled)", p.timeout), task, p.rec.Log(task.Index))
		_ = f.slurmJobs().cluster.Cancel(ctx, task.ID)
		fmt.Fprintf(f.opts.Out, "%v\n", r.failure)
	}
}

// drop stops routing to a replica.
func (p *replicaPool) drop(r *replica) {
	if r.url != "" && p.client != nil {
		p.client.RemoveServer(r.url)
	}
	r.url = ""
}

func (p *replicaPool) ready() int {
	n := 0
	for _, r := range p.replicas {
		if r.url != "" {
			n++
		}
	}
	return n
}

func (p *replicaPool) allEnded() bool {
	for _, r := range p.replicas {
		if !r.ended && r.failure == nil {
			return false
		}
	}
	return true
}
