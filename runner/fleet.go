package runner

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/backends/hf"
	"github.com/aimo-dev/aimo/backends/openai"
	"github.com/aimo-dev/aimo/backends/pyenv"
	"github.com/aimo-dev/aimo/backends/serve"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/cache"
)

// Fleet owns what aimo starts for a sweep: the builtin models it builds, the
// adapters it trains and the servers it launches. Close stops every server
// it started; a cancelled context stops a training or a start-up at once.
type Fleet struct {
	sw    *Sweep
	store *cache.Store
	opts  FleetOptions

	mu      sync.Mutex
	servers map[string]*serve.Server
	jobs    *jobs                   // Slurm jobs, once one is submitted
	pools   map[string]*replicaPool // models served by Slurm jobs
}

// FleetOptions say where a fleet keeps its files and reports progress.
type FleetOptions struct {
	// Home holds trained adapters (adapters/<id>) and builtin models
	// (models/...): the folder of the cache file.
	Home string
	// Logs receives one log file per training and per server.
	Logs string
	// Out receives progress lines; nil is silent.
	Out io.Writer
}

// NewFleet prepares a fleet for sw; nothing starts until asked.
func NewFleet(sw *Sweep, store *cache.Store, opts FleetOptions) *Fleet {
	if opts.Out == nil {
		opts.Out = io.Discard
	}
	return &Fleet{sw: sw, store: store, opts: opts, servers: map[string]*serve.Server{}, pools: map[string]*replicaPool{}}
}

// Managed reports whether aimo launches m's server itself.
func Managed(m *lang.Model) bool {
	return m.Backend == "vllm" && len(m.BaseURLs) == 0 || m.Backend == "hf"
}

// Work counts the samples missing from collected (Collect's result), by what
// serves them: the adapter's name for an adapter's cells, else the model key.
func Work(p *Plan, collected []ItemSamples) map[string]int {
	work := map[string]int{}
	for _, is := range collected {
		c := p.Cells[is.Item.Cell]
		for _, r := range is.Samples {
			if r == nil {
				work[servedBy(c)]++
			}
		}
	}
	return work
}

func servedBy(c Cell) string {
	if c.Adapter != "" {
		return c.Adapter
	}
	return c.Model
}

// Prepare trains the adapters that have work and starts the managed servers
// of every model that has work, its own or its adapters'.
func (f *Fleet) Prepare(ctx context.Context, work map[string]int) error {
	var trainings []Training
	for _, t := range f.sw.Plan.Trainings {
		if work[t.Name] > 0 {
			trainings = append(trainings, t)
		}
	}
	if err := f.Train(ctx, trainings); err != nil {
		return err
	}
	models := map[string]bool{}
	for _, c := range f.sw.Plan.Cells {
		if work[servedBy(c)] > 0 && Managed(f.sw.Exp.Models[c.Model]) {
			models[c.Model] = true
		}
	}
	for _, key := range sortedKeys(models) {
		if err := f.start(ctx, key); err != nil {
			return err
		}
	}
	return nil
}

// Generator returns the backend of model: the client of its managed server
// when aimo started one, else the backend the experiment declares.
func (f *Fleet) Generator(model string) (backends.Generator, error) {
	m, ok := f.sw.Exp.Models[model]
	if !ok {
		return nil, fmt.Errorf("unknown model %q", model)
	}
	if !Managed(m) {
		return newGenerator(f.sw.Exp.Files(), f.sw.Exp.Dir, m)
	}
	f.mu.Lock()
	srv, pool := f.servers[model], f.pools[model]
	f.mu.Unlock()
	if pool != nil {
		return pool.client, nil
	}
	if srv == nil {
		return nil, fmt.Errorf("model %s: its server was not started", model)
	}
	return openai.New(openai.Config{
		BaseURLs: []string{srv.BaseURL()}, Chat: m.Endpoint == "chat", Concurrency: m.Concurrency,
		Timeout: time.Duration(m.TimeoutS * float64(time.Second)), MaxRetries: maxRetries(m),
	})
}

// Close stops every server the fleet started, cancels every Slurm job it
// submitted that is still queued or running (and waits until Slurm reports
// it ended), and returns the first error.
func (f *Fleet) Close() error {
	first := f.cancelJobs()
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pools = map[string]*replicaPool{}
	for _, key := range sortedKeys(f.servers) {
		if err := f.servers[key].Stop(); err != nil && first == nil {
			first = err
		}
	}
	f.servers = map[string]*serve.Server{}
	return first
}

// python is aimo's Python environment, or the error that says how to get it.
func (f *Fleet) python() (string, error) { return pyenv.Python() }

// ModelPath is where a managed model's weights are: a builtin model is
// built on first use under Home; a path that exists relative to the
// experiment is made absolute; anything else is a hub id for the server.
func (f *Fleet) ModelPath(ctx context.Context, key string) (string, error) {
	m := f.sw.Exp.Models[key]
	if m.Builtin != "" {
		return f.builtin(ctx, key, m)
	}
	path := m.Path
	if path == "" {
		return m.Name, nil
	}
	if !filepath.IsAbs(path) {
		if rel := filepath.Join(f.sw.Exp.Dir, path); exists(rel) {
			// Servers run in their own folder: hand them absolute paths.
			return filepath.Abs(rel)
		}
		if strings.HasPrefix(path, ".") {
			return "", fmt.Errorf("model %s: path %s: no such folder (relative paths resolve against %s)", key, path, f.sw.Exp.Dir)
		}
	} else if !exists(path) {
		return "", fmt.Errorf("model %s: path %s: no such folder", key, path)
	}
	return path, nil
}

// BuiltinPath is the folder a builtin model is built into.
func (f *Fleet) BuiltinPath(m *lang.Model) string {
	version := strings.ReplaceAll(hf.TinyVersion, "/", "-")
	return filepath.Join(f.opts.Home, "models", fmt.Sprintf("%s-seed%s", version, builtinSeed(m)))
}

func (f *Fleet) builtin(ctx context.Context, key string, m *lang.Model) (string, error) {
	dir := f.BuiltinPath(m)
	if exists(filepath.Join(dir, "config.json")) {
		return dir, nil
	}
	py, err := f.python()
	if err != nil {
		return "", fmt.Errorf("model %s: %w", key, err)
	}
	fmt.Fprintf(f.opts.Out, "building the %s model %s into %s\n", m.Builtin, key, dir)
	log, err := f.logFile("build-" + key)
	if err != nil {
		return "", err
	}
	defer log.Close()
	if err := hf.BuildTiny(ctx, py, dir, seedOf(m), log); err != nil {
		return "", fmt.Errorf("model %s: build %s: %w", key, m.Builtin, err)
	}
	return dir, nil
}

func seedOf(m *lang.Model) int64 {
	if m.Serve != nil && m.Serve.Seed != nil {
		return *m.Serve.Seed
	}
	return 0
}

func (f *Fleet) logFile(name string) (*os.File, error) {
	if err := os.MkdirAll(f.opts.Logs, 0o755); err != nil {
		return nil, err
	}
	return os.OpenFile(filepath.Join(f.opts.Logs, name+".log"), os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}

func sortedTrue(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k, v := range m {
		if v {
			out = append(out, k)
		}
	}
	sort.Strings(out)
	return out
}
