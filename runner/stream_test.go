package runner_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// TestStreamReadsWhatCollectReads checks what `aimo eval` relies on when it
// grades rows as they arrive: every sample handed over once, with Collect's
// row (failures and unknown keys absent, a key shared by two items given to
// both), the grading fields set, read on several goroutines, whether Stream
// scans the table (the sweep is most of the cache) or looks keys up (a
// small part of it). In the scan, a row stored under another cell's name
// is found by its key, a row of another experiment with the same cell,
// problem and sample but another key is not taken, and a row larger than
// the scanner's buffer is read whole.
func TestStreamReadsWhatCollectReads(t *testing.T) {
	store, err := cache.Open(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	plan := &runner.Plan{Cells: []runner.Cell{{Name: "c0"}, {Name: "c1"}, {Name: "c2"}}}
	var items []runner.Item
	for i := range 90 {
		n := 32
		if i == 40 {
			n = 700
		}
		it := runner.Item{Cell: i % 3, Set: "s", Problem: dataset.Problem{ID: fmt.Sprint("p", i)}}
		for s := range n {
			it.Keys = append(it.Keys, fmt.Sprintf("k%d-%d", i, s))
		}
		if i == 50 {
			it.Keys = items[10].Keys // the same problem in a second evaluated set
			it.Cell, it.Problem = items[10].Cell, items[10].Problem
		}
		items = append(items, it)
	}
	big := strings.Repeat("x", 5<<20) + "\\boxed{7}"
	for i, it := range items {
		for s, k := range it.Keys {
			r := cache.Row{Key: k, Cell: plan.Cells[it.Cell].Name, Problem: it.Problem.ID, Sample: s, Model: "m",
				Completion: backends.Completion{Text: fmt.Sprintf("\\boxed{%d}", s), FinishReason: "stop", LatencyS: float64(s + 1)}}
			switch (i + s) % 11 {
			case 0:
				continue // never generated
			case 1:
				r.Err = "server error"
			case 2:
				r.Cell = "another experiment's name for the cell"
			}
			if s%2 == 0 {
				e := float64(s) / 10
				r.Completion.MeanEntropy, r.Completion.Score = &e, &e
			}
			if i == 7 && s == 3 {
				r.Completion.Text = big
			}
			store.Put(r)
			if s == 5 {
				// Another experiment's sample with this cell name, problem and index.
				store.Put(cache.Row{Key: "other-" + k, Cell: r.Cell, Problem: r.Problem, Sample: s, Model: "m",
					Completion: backends.Completion{Text: "\\boxed{999}", FinishReason: "stop"}})
			}
		}
	}
	if err := store.Flush(); err != nil {
		t.Fatal(err)
	}
	check := func(t *testing.T) {
		want, wantMissing, err := runner.Collect(store, items)
		if err != nil {
			t.Fatal(err)
		}
		var mu sync.Mutex
		got := map[*runner.Item][]*cache.Row{}
		missing, err := runner.Stream(store, plan, items, 3, func(w int, is runner.ItemSamples) error {
			if w < 0 || w >= 3 {
				t.Errorf("worker %d of 3", w)
			}
			mu.Lock()
			defer mu.Unlock()
			if &items[is.Index] != is.Item {
				t.Errorf("item %s handed over as item %d", is.Item.Problem.ID, is.Index)
			}
			rows := got[is.Item]
			if rows == nil {
				rows = make([]*cache.Row, len(is.Item.Keys))
				got[is.Item] = rows
			}
			for j, r := range is.Samples {
				if r == nil {
					continue
				}
				if rows[is.First+j] != nil {
					t.Errorf("item %s sample %d handed over twice", is.Item.Problem.ID, is.First+j)
				}
				cp := *r // the row is valid only during the call
				cp.Key, cp.Completion.Text = strings.Clone(cp.Key), strings.Clone(cp.Completion.Text)
				cp.Completion.FinishReason = strings.Clone(cp.Completion.FinishReason)
				if m := cp.Completion.MeanEntropy; m != nil {
					v := *m
					cp.Completion.MeanEntropy = &v
				}
				if sc := cp.Completion.Score; sc != nil {
					v := *sc
					cp.Completion.Score = &v
				}
				rows[is.First+j] = &cp
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if missing != wantMissing || missing == 0 {
			t.Fatalf("Stream counted %d missing, Collect %d", missing, wantMissing)
		}
		if len(got) != len(items) {
			t.Fatalf("Stream handed over %d items of %d", len(got), len(items))
		}
		for _, w := range want {
			rows := got[w.Item]
			for s, r := range w.Samples {
				g := rows[s]
				if (r == nil) != (g == nil) {
					t.Fatalf("item %s sample %d: Stream found %v, Collect %v", w.Item.Problem.ID, s, g != nil, r != nil)
				}
				if r == nil {
					continue
				}
				c, gc := r.Completion, g.Completion
				if g.Key != r.Key || gc.Text != c.Text || gc.FinishReason != c.FinishReason || gc.LatencyS != c.LatencyS ||
					fmt.Sprint(deref(gc.MeanEntropy), deref(gc.Score)) != fmt.Sprint(deref(c.MeanEntropy), deref(c.Score)) {
					t.Fatalf("item %s sample %d: Stream read %.80v, Collect %.80v", w.Item.Problem.ID, s, *g, *r)
				}
			}
		}
		stop := fmt.Errorf("stop")
		if _, err := runner.Stream(store, plan, items, 2, func(int, runner.ItemSamples) error { return stop }); err != stop {
			t.Fatalf("Stream returned %v, want each's error as is", err)
		}
		// What plan counts as cached: each key once, however many items share it.
		held := map[string]bool{}
		for _, w := range want {
			for s, r := range w.Samples {
				if r != nil {
					held[w.Item.Keys[s]] = true
				}
			}
		}
		if n, err := runner.CountCached(store, plan, items, 2); err != nil || n != len(held) {
			t.Fatalf("CountCached = %d, %v; the cache holds %d of the keys", n, err, len(held))
		}
	}
	t.Run("scan", check)
	// Ten times as many rows of other sweeps: the items are a small part of
	// the cache now, and their keys are looked up.
	for i := range 30 * 3300 {
		store.Put(cache.Row{Key: fmt.Sprint("unrelated-", i), Cell: "c0", Problem: "p0", Sample: 1, Model: "m",
			Completion: backends.Completion{Text: "\\boxed{1}", FinishReason: "stop"}})
	}
	if err := store.Flush(); err != nil {
		t.Fatal(err)
	}
	t.Run("lookup", check)
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}
