package render

import (
	"bytes"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

// TestQuickstartGolden pins every text output of the quickstart report:
// the Markdown, results.json, best.json and each chart's SVG.
func TestQuickstartGolden(t *testing.T) {
	fs := files(t, quickstart(t))
	var names []string
	for name := range fs {
		if strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".json") || strings.HasSuffix(name, ".svg") {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	if len(names) < 8 {
		t.Errorf("got only %v", names)
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			testkit.Golden(t, filepath.Join("testdata", "quickstart", name), fs[name], *update)
		})
	}
}

func TestTwoReportsFromOneCacheAreByteIdentical(t *testing.T) {
	in := quickstart(t)
	a, b := files(t, in), files(t, in)
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for name, data := range a {
		if !bytes.Equal(data, b[name]) {
			t.Errorf("%s differs between two reports of the same cache", name)
		}
	}
}
