package dataset

import (
	"encoding/json"
	"os"
	"regexp"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/lang"
)

// recipe evaluates aimo.recipes.NAME(path) from the embedded library.
func recipe(t testing.TB, name, path string) *lang.Dataset {
	t.Helper()
	vm := lang.MakeVM([]string{t.TempDir()}, nil, nil)
	out, err := vm.EvaluateAnonymousSnippet("recipe.jsonnet",
		"(import 'aimo.libsonnet').recipes."+name+"('"+path+"')")
	if err != nil {
		t.Fatal(err)
	}
	var d lang.Dataset
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	return &d
}

// mathTrainTest loads MATH train and test under one declaration.
func mathTrainTest(t testing.TB, d *lang.Dataset) []*Set {
	dir := testkit.SharedData(t, "math_hendrycks")
	var sets []*Set
	for _, split := range []string{"train", "test"} {
		d := *d
		d.Path = split + ".jsonl"
		s, err := Load("math_"+split, &d, dir)
		if err != nil {
			t.Fatal(err)
		}
		sets = append(sets, s)
	}
	return sets
}

// explained lists the IDs AUDIT.md explains: the backquoted first cell of
// each table row.
func explained(t *testing.T) map[string]bool {
	b, err := os.ReadFile("AUDIT.md")
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, m := range regexp.MustCompile("(?m)^\\| `([^`]+)` \\|").FindAllStringSubmatch(string(b), -1) {
		ids[m[1]] = true
	}
	return ids
}

func TestAuditMATH(t *testing.T) {
	known := explained(t)
	total, failing := 0, map[string]bool{}
	for _, s := range mathTrainTest(t, &lang.Dataset{Format: "math", Answers: "any"}) {
		total += len(s.Problems)
		for _, f := range Audit(s) {
			failing[f.ID] = true
			t.Logf("%s %s %s: gold %q extracted %q", f.Source, f.ID, f.Check, f.Gold, f.Extracted)
			if !known[f.ID] {
				t.Errorf("%s: unexplained audit failure; explain it in AUDIT.md or fix the grader", f.ID)
			}
		}
	}
	t.Logf("audit: %d MATH train+test problems, %d failures, all explained in AUDIT.md unless reported above", total, len(failing))
	for id := range known {
		if !failing[id] {
			t.Errorf("%s is explained in AUDIT.md but no longer fails: remove it", id)
		}
	}
}

func TestRecipesAIMO1And2OnMATH(t *testing.T) {
	known := explained(t)
	for _, name := range []string{"aimo1", "aimo2"} {
		read, kept, drops, dups := 0, 0, map[string]int{}, 0
		for _, s := range mathTrainTest(t, recipe(t, name, "unused")) {
			read += s.Report.Read
			kept += s.Report.Kept
			dups += len(s.Report.Duplicates)
			for r, n := range s.Report.Dropped {
				drops[r] += n
			}
			for _, f := range Audit(s) {
				if !known[f.ID] {
					t.Errorf("%s: unexplained audit failure %s on %s", name, f.ID, s.Name)
				}
			}
		}
		t.Logf("%s: %d kept of %d MATH train+test; dropped %v; %d duplicates", name, kept, read, drops, dups)
		if kept == 0 || kept+sum(drops) != read {
			t.Errorf("%s: %d kept + %d dropped != %d read", name, kept, sum(drops), read)
		}
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}
