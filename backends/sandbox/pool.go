package sandbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"time"
)

// Pool starts workers and keeps some warm, so a new attempt's Session does
// not wait for Python to start. Every worker it started is killed by Close
// or when the context given to NewPool ends.
type Pool struct {
	cfg    Config
	python string
	script string
	marker string // on every worker's command line
	launch *launcher
	info   Info
	idle   chan *worker
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu     sync.Mutex
	live   map[*worker]struct{}
	closed bool
}

// NewPool starts one worker (to fail early and learn what protections hold,
// see Info) and then keeps about warm workers ready, for a run with that
// many attempts at once. Cancelling ctx kills every worker of the pool.
func NewPool(ctx context.Context, cfg Config, warm int) (*Pool, error) {
	if !supported {
		return nil, fmt.Errorf("sandbox: runs on Linux and other Unix systems, not on %s", runtime.GOOS)
	}
	cfg = cfg.WithDefaults()
	if err := cfg.check(); err != nil {
		return nil, err
	}
	py, err := interpreter(ctx, cfg.Python)
	if err != nil {
		return nil, err
	}
	script, err := workerScript()
	if err != nil {
		return nil, err
	}
	sweepStale(cfg.TempDir)
	p := &Pool{cfg: cfg, python: py, script: script, marker: newMarker(), launch: newLauncher(),
		idle: make(chan *worker, max(warm, 1)), live: map[*worker]struct{}{}}
	p.ctx, p.cancel = context.WithCancel(ctx)
	w, err := p.start(p.ctx)
	if err != nil {
		p.cancel()
		return nil, err
	}
	p.info = describe(py, w.hello, cfg)
	p.idle <- w
	context.AfterFunc(p.ctx, p.shutdown)
	if warm > 0 {
		p.wg.Add(1)
		go p.fill()
	}
	return p, nil
}

func newMarker() string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return "aimo-sandbox-" + hex.EncodeToString(b)
}

// Info says what the workers run and which protections are active.
func (p *Pool) Info() Info { return p.info }

// Session hands out a warm worker (or starts one) for one attempt.
func (p *Pool) Session(ctx context.Context) (*Session, error) {
	w, err := p.get(ctx)
	if err != nil {
		return nil, err
	}
	return &Session{pool: p, w: w}, nil
}

// Close kills every worker of the pool and removes their folders.
func (p *Pool) Close() error {
	p.cancel()
	p.shutdown()
	p.wg.Wait()
	return nil
}

func (p *Pool) get(ctx context.Context) (*worker, error) {
	for {
		select {
		case w := <-p.idle:
			if w.alive() {
				return w, nil
			}
			w.kill()
			continue
		default:
		}
		if p.ctx.Err() != nil {
			return nil, ErrClosed
		}
		return p.start(ctx)
	}
}

// fill keeps the idle channel full: it blocks while it is.
func (p *Pool) fill() {
	defer p.wg.Done()
	for p.ctx.Err() == nil {
		w, err := p.start(p.ctx)
		if err != nil {
			select {
			case <-time.After(time.Second):
			case <-p.ctx.Done():
			}
			continue
		}
		select {
		case p.idle <- w:
		case <-p.ctx.Done():
			w.kill()
		}
	}
}

func (p *Pool) shutdown() {
	p.mu.Lock()
	p.closed = true
	live := make([]*worker, 0, len(p.live))
	for w := range p.live {
		live = append(live, w)
	}
	p.mu.Unlock()
	for _, w := range live {
		w.kill()
	}
}

// track records a started worker, or refuses it when the pool is closed.
func (p *Pool) track(w *worker) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.live[w] = struct{}{}
	return true
}

func (p *Pool) forget(w *worker) {
	p.mu.Lock()
	delete(p.live, w)
	p.mu.Unlock()
}

// hidden lists the folders the model's code must not see: the home folder
// of whoever runs aimo, where keys and tokens live.
func hidden() []string {
	home, err := os.UserHomeDir()
	if err != nil || filepath.Clean(home) == "/" {
		return nil
	}
	return []string{filepath.Clean(home)}
}
