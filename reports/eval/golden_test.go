package eval

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// golden compares got with testdata/name, rewriting it under -update; on a
// mismatch it writes name.got beside it for diffing.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update)", err)
	}
	if !bytes.Equal(got, want) {
		os.WriteFile(path+".got", got, 0o644)
		t.Errorf("%s differs from the golden file; see %s.got (go test -update rewrites it)", name, path)
	}
}

func marshal(t *testing.T, r *Results) []byte {
	t.Helper()
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	return append(b, '\n')
}

func TestQuickstartLeaderboardGolden(t *testing.T) {
	var buf bytes.Buffer
	if err := quickstart(t).evaluate(t).WriteLeaderboard(&buf); err != nil {
		t.Fatal(err)
	}
	golden(t, "quickstart.leaderboard.golden", buf.Bytes())
}

func TestQuickstartJSONGolden(t *testing.T) {
	golden(t, "quickstart.json.golden", marshal(t, quickstart(t).evaluate(t)))
}

func TestEvaluateTwiceIsByteIdentical(t *testing.T) {
	s := quickstart(t)
	a, b := marshal(t, s.evaluate(t)), marshal(t, s.evaluate(t))
	if !bytes.Equal(a, b) {
		t.Error("two evaluations of the same cache gave different JSON")
	}
}
