package runner

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner/dataset"
)

// splitSweep evaluates two sets with few-shot examples in three cells, two
// sharing a template (their prompts are memoised) and one not: fewer cells
// than four CPUs, so with four the cells' problems are split in chunks,
// one of which straddles the two sets.
const splitSweep = `local aimo = import 'aimo.libsonnet';
function(fewshot) aimo.experiment {
  name: 'split',
  datasets: {
    a: aimo.dataset.jsonl('a.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }),
    b: aimo.dataset.jsonl('b.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }),
  },
  evaluate: ['a', 'b'],
  fewshot: fewshot,
  models: { m: aimo.model.openai('m', base_url='http://127.0.0.1:1/v1') },
  templates+: { other: aimo.template('Other: {problem}', example='{solution}') },
  matrix: { template: ['basic', 'other'], fewshot: [2], temperature: [0.5, 1.0], exclude: [{ template: 'other', temperature: 1.0 }] },
  samples: 2,
}
`

// loadSplitSweep writes the sweep with its two sets (300 and 250 problems)
// and loads, plans and catalogs it.
func loadSplitSweep(t *testing.T, fewshot string) (*lang.Experiment, *Plan, *dataset.Catalog) {
	t.Helper()
	dir := t.TempDir()
	for name, n := range map[string]int{"a": 300, "b": 250} {
		var data strings.Builder
		for i := range n {
			fmt.Fprintf(&data, `{"id": "%s%05d", "q": "In set %s, what is %d + %d?", "a": "%d"}`+"\n", name, i, name, i, i+1, 2*i+1)
		}
		if err := os.WriteFile(filepath.Join(dir, name+".jsonl"), []byte(data.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(dir, "exp.jsonnet")
	if err := os.WriteFile(path, []byte(splitSweep), 0o644); err != nil {
		t.Fatal(err)
	}
	e, err := lang.Load(path, lang.Options{TLACode: map[string]string{"fewshot": fewshot}})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := dataset.LoadAll(e)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Build(e, CountIn(cat))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Cells) != 3 {
		t.Fatalf("%d cells, want 3", len(p.Cells))
	}
	return e, p, cat
}

// renderWith renders the sweep's items with GOMAXPROCS set to procs.
func renderWith(procs int, e *lang.Experiment, p *Plan, cat *dataset.Catalog, lazy bool) ([]Item, error) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	return renderItems(e, p, cat, lazy)
}

// TestItemsAreTheSameOnAnyNumberOfCPUs: splitting a cell's problems across
// CPUs changes neither the items nor their order, keys included, eagerly
// derived or not.
func TestItemsAreTheSameOnAnyNumberOfCPUs(t *testing.T) {
	e, p, cat := loadSplitSweep(t, "{ pool: 'a', strategy: 'random', seed: 3 }")
	for _, lazy := range []bool{false, true} {
		want, err := renderWith(1, e, p, cat, lazy)
		if err != nil {
			t.Fatal(err)
		}
		if len(want) != 3*550 {
			t.Fatalf("%d items, want %d", len(want), 3*550)
		}
		for _, procs := range []int{2, 4, 7} {
			got, err := renderWith(procs, e, p, cat, lazy)
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(want) {
				t.Fatalf("GOMAXPROCS %d: %d items, want %d", procs, len(got), len(want))
			}
			for i := range want {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Fatalf("GOMAXPROCS %d, lazy %v: item %d is cell %d, %s %s; want cell %d, %s %s",
						procs, lazy, i, got[i].Cell, got[i].Set, got[i].Problem.ID, want[i].Cell, want[i].Set, want[i].Problem.ID)
				}
			}
		}
	}
}

// TestItemsFailOnTheFirstErrorOnAnyNumberOfCPUs: with the problems split
// across CPUs, the error reported is still the first in item order: two
// problems, in different chunks, that are themselves the fixed examples
// have too few left, and the earlier one, in the first cell, is named.
func TestItemsFailOnTheFirstErrorOnAnyNumberOfCPUs(t *testing.T) {
	e, p, cat := loadSplitSweep(t, "{ pool: 'a', strategy: 'fixed', ids: ['a00250', 'a00150'] }")
	_, want := renderWith(1, e, p, cat, false)
	if want == nil || !strings.Contains(want.Error(), "for a00150") || !strings.Contains(want.Error(), "cell "+p.Cells[0].Name+",") {
		t.Fatalf("error %v, want one for a00150 in cell %s", want, p.Cells[0].Name)
	}
	for _, procs := range []int{2, 4, 7} {
		if _, got := renderWith(procs, e, p, cat, false); got == nil || got.Error() != want.Error() {
			t.Errorf("GOMAXPROCS %d: error %v, want %v", procs, got, want)
		}
	}
}

// TestWorkUnitsSplitOnlyWhatRepaysIt: a cell's problems are split only with
// fewer cells than CPUs and enough items; every chunk but the last holds at
// least minChunk items, and the chunks cover every problem once.
func TestWorkUnitsSplitOnlyWhatRepaysIt(t *testing.T) {
	tests := []struct {
		cells, perCell, procs int
		split                 bool
	}{
		{1, 2000, 1, false},   // one CPU
		{4, 2000, 4, false},   // a cell a CPU already
		{1, 500, 16, false},   // too few items to share
		{3, 170, 16, false},   // 510 items
		{1, 2000, 2, true},    // the benchmark's sweep on 2 CPUs
		{1, 2000, 64, true},   // many CPUs: chunks stay large
		{3, 550, 4, true},     // TestItemsAreTheSameOnAnyNumberOfCPUs
		{2, 100000, 16, true}, // four chunks a CPU
	}
	for _, tt := range tests {
		units, chunk, split := workUnits(tt.cells, tt.perCell, tt.procs)
		if split != tt.split {
			t.Errorf("%+v: split %v, want %v", tt, split, tt.split)
			continue
		}
		if !split {
			if units != tt.cells || chunk != tt.perCell {
				t.Errorf("%+v: %d units of %d problems, want a unit a cell", tt, units, chunk)
			}
			continue
		}
		if units*chunk < tt.perCell || (units-1)*chunk >= tt.perCell || units > 4*tt.procs {
			t.Errorf("%+v: %d chunks of %d problems do not cover %d once, four a CPU at most", tt, units, chunk, tt.perCell)
		}
		if units > 1 && chunk*tt.cells < minChunk {
			t.Errorf("%+v: chunks of %d items, fewer than %d", tt, chunk*tt.cells, minChunk)
		}
	}
}
