package runner_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/aimo-dev/aimo/backends/openai/vllmtest"
	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/runner"
	"github.com/aimo-dev/aimo/runner/cache"
)

// TestExecuteFillsCollectedSamples checks what `aimo run` relies on to read
// the cache once: given Collect's result, Execute plans from it, and
// afterwards holds exactly what a fresh Collect would read, new generations,
// failures (absent) and a key shared by two evaluated sets included.
func TestExecuteFillsCollectedSamples(t *testing.T) {
	srv := vllmtest.New(vllmtest.Options{Fault: vllmtest.Script(vllmtest.BadRequest, vllmtest.BadRequest)})
	defer srv.Close()
	dir := t.TempDir()
	data := `{"id": "p1", "q": "Compute 1 * 3.", "a": "3"}` + "\n" + `{"id": "p2", "q": "Compute 2 * 3.", "a": "6"}` + "\n"
	exp := `local aimo = import 'aimo.libsonnet';
function(url) aimo.experiment {
  name: 'shared',
  datasets: {
    a: aimo.dataset.jsonl('toy.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }),
    b: aimo.dataset.jsonl('toy.jsonl', fields={ id: 'id', problem: 'q', answer: 'a' }),
  },
  models: { fake: aimo.model.openai('fake', base_url=url) },
  matrix: { template: ['basic'] },
  evaluate: ['a', 'b'],
  samples: 3,
}`
	for name, body := range map[string]string{"toy.jsonl": data, "exp.jsonnet": exp} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	sw, err := runner.Load(filepath.Join(dir, "exp.jsonnet"), lang.Options{TLAStr: map[string]string{"url": srv.URL + "/v1"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(sw.Items) != 4 || !reflect.DeepEqual(sw.Items[0].Keys, sw.Items[2].Keys) {
		t.Fatalf("want 4 items, the second set's keys the first's; got %d items", len(sw.Items))
	}
	store, err := cache.Open(filepath.Join(dir, "cache.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	gen := client(t, srv.URL+"/v1", time.Second)
	for run, want := range []runner.Summary{{Requests: 6, New: 0, Failed: 6}, {Requests: 6, New: 6}, {Requests: 12, Cached: 12}} {
		samples, _, err := runner.Collect(store, sw.Items)
		if err != nil {
			t.Fatal(err)
		}
		sum, err := runner.Execute(context.Background(), sw.Exp, sw.Plan, sw.Items, runner.Options{Store: store, Generator: gen, Workers: 4, Samples: samples})
		if err != nil {
			t.Fatal(err)
		}
		if sum.Requests != want.Requests || sum.New != want.New || sum.Failed != want.Failed || sum.Cached != want.Cached {
			t.Fatalf("run %d: %+v, want %+v", run, *sum, want)
		}
		fresh, _, err := runner.Collect(store, sw.Items)
		if err != nil {
			t.Fatal(err)
		}
		for i := range fresh {
			if !reflect.DeepEqual(samples[i].Samples, fresh[i].Samples) {
				t.Fatalf("run %d, item %d: Execute left %v, the cache holds %v", run, i, rowList(samples[i].Samples), rowList(fresh[i].Samples))
			}
		}
	}
}

func rowList(rows []*cache.Row) []any {
	var out []any
	for _, r := range rows {
		if r == nil {
			out = append(out, nil)
		} else {
			out = append(out, *r)
		}
	}
	return out
}
