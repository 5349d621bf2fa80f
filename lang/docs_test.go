package lang

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// section returns the text of docs/language.md from heading to the next
// heading of the same or a higher level.
func section(t *testing.T, doc, heading string) string {
	t.Helper()
	start := strings.Index(doc, "\n"+heading+"\n")
	if start < 0 {
		t.Fatalf("docs/language.md has no %q section", heading)
	}
	rest := doc[start+len(heading)+2:]
	level := strings.Fields(heading)[0]
	for _, h := range []string{"\n" + level + " ", "\n" + level[:len(level)-1] + " "} {
		if i := strings.Index(rest, h); i >= 0 && len(h) > 2 {
			rest = rest[:i]
		}
	}
	return rest
}

// TestDocsDefineEveryReplayField ties the replay section of
// docs/language.md to the fields aimo.model.replay accepts: each has a row
// saying what it holds, and nulls are explained.
func TestDocsDefineEveryReplayField(t *testing.T) {
	doc := section(t, readDoc(t), "### Replay files")
	typ := reflect.TypeOf(ReplayFields{})
	for i := range typ.NumField() {
		tag, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
		if !regexp.MustCompile("(?m)^\\| [^|]*`" + tag + "`").MatchString(doc) {
			t.Errorf("docs/language.md's Replay files section has no row for %s", tag)
		}
	}
	for _, want := range []string{"**Nulls**", "one-row-per-attempt", "`sample`"} {
		if !strings.Contains(doc, want) {
			t.Errorf("docs/language.md's Replay files section does not mention %s", want)
		}
	}
}

// TestDocsGiveEveryDatasetItsLimitAndIDs checks that every dataset
// constructor's row lists the limit it takes, and that default problem IDs
// are explained.
func TestDocsGiveEveryDatasetItsLimitAndIDs(t *testing.T) {
	doc := section(t, readDoc(t), "### Datasets")
	rows := regexp.MustCompile("(?m)^\\| `aimo\\.dataset\\.([a-z0-9]+)\\(([^`]*)\\)`").FindAllStringSubmatch(doc, -1)
	if len(rows) != 4 {
		t.Fatalf("found %d dataset constructor rows, want math, gsm8k, csv, jsonl", len(rows))
	}
	for _, r := range rows {
		if !strings.Contains(r[2], "limit") {
			t.Errorf("aimo.dataset.%s(%s): the row does not list limit", r[1], r[2])
		}
	}
	for _, want := range []string{"**Problem IDs.**", "`<dataset name>/<line>`"} {
		if !strings.Contains(doc, want) {
			t.Errorf("docs/language.md's Datasets section does not say %s", want)
		}
	}
}
