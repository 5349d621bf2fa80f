package eval

import (
	"bytes"
	"encoding/json"
	"flag"
	"path/filepath"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

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
	testkit.Golden(t, filepath.Join("testdata", "quickstart.leaderboard.golden"), buf.Bytes(), *update)
}

func TestQuickstartJSONGolden(t *testing.T) {
	testkit.Golden(t, filepath.Join("testdata", "quickstart.json.golden"), marshal(t, quickstart(t).evaluate(t)), *update)
}

func TestEvaluateTwiceIsByteIdentical(t *testing.T) {
	s := quickstart(t)
	a, b := marshal(t, s.evaluate(t)), marshal(t, s.evaluate(t))
	if !bytes.Equal(a, b) {
		t.Error("two evaluations of the same cache gave different JSON")
	}
}
