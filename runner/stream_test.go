package runner_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// TestStreamReadsWhatCollectReads checks what `aimo eval` relies on when it
// grades rows as they arrive: every item handed over once, with Collect's
// rows at the same positions (failures and unknown keys nil, a key shared
// by two items given to both), the grading fields set, across many batches
// read on several goroutines, an item larger than a batch among them.
func TestStreamReadsWhatCollectReads(t *testing.T) {
	store, err := cache.Open(filepath.Join(t.TempDir(), "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
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
		}
		items = append(items, it)
	}
	for i, it := range items {
		for s, k := range it.Keys {
			r := cache.Row{Key: k, Cell: "c", Problem: it.Problem.ID, Sample: s, Model: "m",
				Completion: backends.Completion{Text: fmt.Sprintf("\\boxed{%d}", s), FinishReason: "stop", LatencyS: float64(s + 1)}}
			switch (i + s) % 11 {
			case 0:
				continue // never generated
			case 1:
				r.Err = "server error"
			}
			if s%2 == 0 {
				e := float64(s) / 10
				r.Completion.MeanEntropy, r.Completion.Score = &e, &e
			}
			store.Put(r)
		}
	}
	if err := store.Flush(); err != nil {
		t.Fatal(err)
	}
	want, wantMissing, err := runner.Collect(store, items)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	got := map[*runner.Item][]*cache.Row{}
	missing, err := runner.Stream(store, items, 3, func(w int, is runner.ItemSamples) error {
		if w < 0 || w >= 3 {
			t.Errorf("worker %d of 3", w)
		}
		mu.Lock()
		defer mu.Unlock()
		if _, dup := got[is.Item]; dup {
			t.Errorf("item %s handed over twice", is.Item.Problem.ID)
		}
		got[is.Item] = is.Samples
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
		if len(rows) != len(w.Samples) {
			t.Fatalf("item %s: %d rows, want %d", w.Item.Problem.ID, len(rows), len(w.Samples))
		}
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
				t.Fatalf("item %s sample %d: Stream read %+v, Collect %+v", w.Item.Problem.ID, s, *g, *r)
			}
		}
	}
	stop := fmt.Errorf("stop")
	if _, err := runner.Stream(store, items, 2, func(int, runner.ItemSamples) error { return stop }); err != stop {
		t.Fatalf("Stream returned %v, want each's error as is", err)
	}
}

func deref(f *float64) any {
	if f == nil {
		return nil
	}
	return *f
}
