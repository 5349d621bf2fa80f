package runner

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unsafe"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/internal/files"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/dataset"
	"github.com/aimo-dev/aimo/runner/prompt"
)

// Item is one cell on one problem of one evaluated set: the rendered prompt
// and the cache key of each sample.
type Item struct {
	Cell    int // index into Plan.Cells
	Set     string
	Problem dataset.Problem
	Prompt  prompt.Prompt
	// Keys[i] is the content identity of sample i; nil when the sweep was
	// derived with KeysOnDemand, which Key derives them from base and n.
	Keys []string
	base string // the hash all the item's keys derive from (see sampleKeys)
	n    int    // its samples
}

// NumSamples is how many samples the item has.
func (it *Item) NumSamples() int {
	if it.Keys != nil {
		return len(it.Keys)
	}
	return it.n
}

// Key is the cache key of sample s.
func (it *Item) Key(s int) string {
	if it.Keys != nil {
		return it.Keys[s]
	}
	k := it.derivedKey(s)
	return string(k[:])
}

// keyMessage is the length of what a derived key hashes: the base's 16 hex
// digits and the sample's index, 8 bytes big endian (see sampleKey).
const keyMessage = 16 + 8

// appendKeyMessage appends what sample s's key hashes.
func (it *Item) appendKeyMessage(dst []byte, s int) []byte {
	msg := keyMessageOf(it.base, s)
	return append(dst, msg[:]...)
}

// keyMessageOf is what sample i's key hashes: the base's 16 hex digits and
// the index, 8 bytes big endian.
func keyMessageOf(base string, i int) [keyMessage]byte {
	var msg [keyMessage]byte
	copy(msg[:16], base)
	binary.BigEndian.PutUint64(msg[16:], uint64(i))
	return msg
}

// isKey says key (hex, as the cache stores it) is the key of sample s, whose
// hash (the first keyBytes bytes, made from appendKeyMessage's message) is
// sum.
func (it *Item) isKey(s int, key, sum []byte) bool {
	if it.Keys != nil {
		return s >= 0 && s < len(it.Keys) && it.Keys[s] == string(key)
	}
	var want [keyWidth]byte
	hex.Encode(want[:], sum[:keyBytes])
	return len(key) == keyWidth && [keyWidth]byte(key) == want
}

// derivedKey is sample s's key derived from the item's base.
func (it *Item) derivedKey(s int) [keyWidth]byte {
	var out [keyWidth]byte
	sum := sampleKey(it.base, s)
	hex.Encode(out[:], sum[:keyBytes])
	return out
}

// identity is what the item's keys derive from: items with the same
// identity and the same number of samples have the same keys.
func (it *Item) identity() string {
	if it.base != "" || len(it.Keys) == 0 {
		return it.base
	}
	return it.Keys[0] // an item made by hand, without a base
}

// Items renders every (cell, set, problem) of the plan in a fixed order:
// cells, then sets in evaluate order, then problems in file order, the
// first p.Sets[i].Problems of set i (all of it unless the plan was limited).
// Cells are rendered on every CPU, each into its own stretch of the list;
// with fewer cells than CPUs the problems are split too, so that one cell
// does not render on one CPU while the others idle. A prompt is rendered
// once per template, problem and few-shot draw: cells that differ only in
// sampling or seed share it.
func Items(e *lang.Experiment, p *Plan, cat *dataset.Catalog) ([]Item, error) {
	return renderItems(e, p, cat, false)
}

// minChunk is the fewest items a goroutine is given to render when a cell's
// problems are split: an item costs a few microseconds, so a chunk repays
// its goroutine many times over.
const minChunk = 256

// renderItems is Items, with the keys left to be derived on demand when lazy.
func renderItems(e *lang.Experiment, p *Plan, cat *dataset.Catalog, lazy bool) ([]Item, error) {
	models, err := modelKeys(e, p)
	if err != nil {
		return nil, err
	}
	sets := make([]*dataset.Set, len(p.Sets))
	perCell := 0
	for i, sc := range p.Sets {
		set, err := cat.Set(sc.Name)
		if err != nil {
			return nil, err
		}
		limited := *set
		limited.Problems = set.Problems[:min(len(set.Problems), sc.Problems)]
		sets[i] = &limited
		perCell += len(limited.Problems)
	}
	r := itemRenderer{e: e, p: p, cat: cat, models: models, sets: sets, lazy: lazy, perCell: perCell, memo: sharedTemplates(p)}
	r.items = make([]Item, len(p.Cells)*perCell)
	procs := runtime.GOMAXPROCS(0)
	units, chunk, split := workUnits(len(p.Cells), perCell, procs)
	// errs[ci*chunks+k] is cell ci's first error in chunk k: the first
	// non-nil one in that order is the first in item order.
	chunks := 1
	if split {
		chunks = units
	}
	errs := make([]error, len(p.Cells)*chunks)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(procs, units) {
		wg.Go(func() {
			var memo map[string]renderedPrompt
			if r.memo != nil {
				memo = map[string]renderedPrompt{}
			}
			for {
				u := int(next.Add(1) - 1)
				if u >= units {
					return
				}
				if !split {
					errs[u] = r.cell(u, 0, perCell, memo)
					continue
				}
				lo, hi := u*chunk, min((u+1)*chunk, perCell)
				for ci := range p.Cells {
					if errs[ci*chunks+u] = r.cell(ci, lo, hi, memo); errs[ci*chunks+u] != nil {
						break // no later cell's error comes first
					}
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return r.items, nil
}

// workUnits divides renderItems' work into units: one cell each, all its
// problems, or, with fewer cells than CPUs (split), one chunk of chunk
// problems in every cell. Chunks hold at least minChunk items, and there are
// four a CPU at most, so that a CPU slowed by other work holds the others up
// little.
func workUnits(cells, perCell, procs int) (units, chunk int, split bool) {
	if cells >= procs || cells*perCell < 2*minChunk {
		return cells, perCell, false
	}
	least := (minChunk + cells - 1) / cells // problems
	n := min(max(perCell/least, 1), 4*procs)
	chunk = (perCell + n - 1) / n
	return (perCell + chunk - 1) / chunk, chunk, true
}

// sharedTemplates says which templates more than one cell uses: only their
// prompts can be rendered once for several cells, so only they are memoised.
// It is nil when there are none.
func sharedTemplates(p *Plan) map[string]bool {
	cells := map[string]int{}
	var shared map[string]bool
	for _, c := range p.Cells {
		if cells[c.Template]++; cells[c.Template] == 2 {
			if shared == nil {
				shared = map[string]bool{}
			}
			shared[c.Template] = true
		}
	}
	return shared
}

// renderedPrompt is a prompt with its identity, as Items' memo keeps it.
type renderedPrompt struct {
	prompt prompt.Prompt
	id     string
}

// itemRenderer holds what every goroutine of renderItems reads, and the
// items they write, each into its own stretch.
type itemRenderer struct {
	e       *lang.Experiment
	p       *Plan
	cat     *dataset.Catalog
	models  []string
	sets    []*dataset.Set
	lazy    bool
	perCell int
	items   []Item
	memo    map[string]bool // the templates worth memoising (see sharedTemplates)
}

// cell fills in cell ci's items for its problems lo to hi-1, counted across
// the sets in order. memo holds the prompts rendered so far by this
// goroutine, by template, problem and the few-shot examples drawn.
func (r *itemRenderer) cell(ci, lo, hi int, memo map[string]renderedPrompt) error {
	e, p := r.e, r.p
	c := p.Cells[ci]
	tmpl := e.Templates[c.Template]
	kb := newKeyBase(r.models[ci], c)
	out := r.items[ci*r.perCell+lo : ci*r.perCell+hi]
	if !r.memo[c.Template] {
		memo = nil
	}
	var memoKey strings.Builder
	n := 0
	for si, set := range r.sets {
		problems := set.Problems
		if lo >= len(problems) {
			lo -= len(problems)
			continue
		}
		problems, lo = problems[lo:], 0
		for _, prob := range problems {
			if n == len(out) {
				return nil
			}
			examples, err := r.cat.Examples(e.Fewshot.Pool, c.FewshotStrategy, e.Fewshot.IDs, c.Fewshot, prob, c.Seed+e.Fewshot.Seed)
			if err != nil {
				return fmt.Errorf("cell %s, problem %s: few-shot examples: %w", c.Name, prob.ID, err)
			}
			var rp renderedPrompt
			ok := false
			if memo != nil {
				memoKey.Reset()
				for _, part := range []string{c.Template, p.Sets[si].Name, prob.ID} {
					memoKey.WriteString(part)
					memoKey.WriteByte(0)
				}
				for _, ex := range examples {
					memoKey.WriteString(ex.ID)
					memoKey.WriteByte(0)
				}
				rp, ok = memo[memoKey.String()]
			}
			if !ok {
				pr := prompt.Render(tmpl, prob, examples)
				// Items share the prompt: an append to its messages must copy.
				pr.Messages = slices.Clip(pr.Messages)
				rp = renderedPrompt{prompt: pr, id: pr.Identity()}
				if memo != nil {
					memo[memoKey.String()] = rp
				}
			}
			it := Item{Cell: ci, Set: set.Name, Problem: prob, Prompt: rp.prompt, base: kb.base(rp.id), n: c.Samples}
			if !r.lazy {
				it.Keys = deriveKeys(it.base, it.n)
			}
			out[n] = it
			n++
		}
	}
	return nil
}

// modelKeys is each cell's model identity hash: the declaration that changes
// outputs, the adapter's training identity, and for replay models the
// recorded file's contents, so an edited file is never served from the cache.
func modelKeys(e *lang.Experiment, p *Plan) ([]string, error) {
	sums := map[string]string{}
	out := make([]string, len(p.Cells))
	for i, c := range p.Cells {
		m := e.Models[c.Model]
		var fileSum string
		if m.Replay != nil {
			path := DataPath(e.Dir, m.Replay.Path)
			if _, ok := sums[path]; !ok {
				sum, err := fileHash(e.Files(), path)
				var fe *files.Error
				if errors.As(err, &fe) {
					return nil, e.Refuse("models."+c.Model+".replay.path", "%q: %s", m.Replay.Path, fe.Reason)
				}
				if err != nil {
					return nil, fmt.Errorf("model %s: %w", c.Model, err)
				}
				sums[path] = sum
			}
			fileSum = sums[path]
		}
		out[i] = identity(ModelIdentity(m), c.Adapter, trainingID(p, c.Adapter), fileSum)
	}
	return out, nil
}

func trainingID(p *Plan, name string) string {
	for _, t := range p.Trainings {
		if t.Name == name {
			return t.ID
		}
	}
	return ""
}

// fileHash hashes a replay file as it streams, under the files policy: a
// FIFO or /dev/zero is refused before it is read, never waited on.
func fileHash(pol files.Policy, path string) (string, error) {
	f, err := pol.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)[:8]), nil
}

// keyBase is the part of a cell's sample keys that every problem shares: the
// identity(model, promptID, sampling, seed[, tools]) encoding around the
// prompt's identity, encoded once per cell rather than once per problem.
type keyBase struct{ before, after []byte }

func newKeyBase(model string, c Cell) keyBase {
	const mark = "\x00prompt\x00"
	parts := []any{model, mark, c.Sampling, c.Seed}
	if c.Tools != nil {
		parts = append(parts, c.Tools)
	}
	b, err := json.Marshal(parts)
	if err != nil {
		panic(fmt.Sprintf("runner: identity of unencodable value: %v", err))
	}
	// The mark, encoded, appears once: model is a hex hash and the rest
	// precede or follow it.
	enc, _ := json.Marshal(mark)
	i := bytes.Index(b, enc)
	return keyBase{before: b[:i+1], after: b[i+len(enc)-1:]}
}

// sampleKeys derives each sample's cache key from the model, the exact
// prompt, every sampling parameter, the tool settings, the seed and the
// sample index: the hash of identity(model, promptID, sampling, seed[,
// tools]) and the index. promptID is a hex hash, which JSON encodes as is.
func (kb keyBase) sampleKeys(promptID string, samples int) []string {
	return deriveKeys(kb.base(promptID), samples)
}

// base is the part of the keys of a prompt's samples that they share: the
// first 8 bytes, in hex, of the hash of identity(model, promptID, sampling,
// seed[, tools]).
func (kb keyBase) base(promptID string) string {
	var stack [256]byte
	sum := sha256.Sum256(append(append(append(stack[:0], kb.before...), promptID...), kb.after...))
	var out [16]byte
	hex.Encode(out[:], sum[:8])
	return string(out[:])
}

// A key is the first keyBytes bytes of its hash, keyWidth hex digits.
const keyBytes, keyWidth = 16, 32

// sampleKey is the hash behind sample i's key: of the base's 16 hex digits
// and the index (8 bytes, big endian).
func sampleKey(base string, i int) [sha256.Size]byte {
	msg := keyMessageOf(base, i)
	return sha256.Sum256(msg[:])
}

// deriveKeys lists the keys of samples 0 to samples-1, sharing one
// allocation.
func deriveKeys(base string, samples int) []string {
	buf := make([]byte, keyWidth*samples)
	for i := range samples {
		sum := sampleKey(base, i)
		hex.Encode(buf[keyWidth*i:], sum[:keyBytes])
	}
	all := unsafe.String(unsafe.SliceData(buf), len(buf)) // buf is never written again
	keys := make([]string, samples)
	for i := range keys {
		keys[i] = all[keyWidth*i : keyWidth*(i+1)]
	}
	return keys
}

// Request builds the backend request for samples [first, first+n) of an item.
func (it *Item) Request(e *lang.Experiment, p *Plan, first, n int) backends.Request {
	c := p.Cells[it.Cell]
	name := e.Models[c.Model].Name
	if c.Adapter != "" {
		name = c.Adapter
	}
	return backends.Request{
		Model: name, Messages: it.Prompt.Messages, Prompt: it.Prompt.Text, Sampling: c.Sampling,
		N: n, FirstSample: first, Seed: c.Seed, ProblemID: it.Problem.ID, ProblemText: it.Problem.Text,
	}
}
