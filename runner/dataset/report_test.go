package dataset

import (
	"bytes"
	"testing"

	"github.com/aimo-dev/aimo/internal/testkit"
	"github.com/aimo-dev/aimo/lang"
)

func TestReports(t *testing.T) {
	var b bytes.Buffer
	s, err := Load("math", &lang.Dataset{Format: "math", Path: "math.jsonl", Answers: "integer", Levels: []int{1, 2, 4, 5}, Modulus: 1000}, "testdata")
	if err != nil {
		t.Fatal(err)
	}
	WriteLoadReport(&b, s)
	WriteStats(&b, StatsOf(s))
	s.Problems[1].Solution = "Two boxes: $\\boxed{1}$ and $\\boxed{9}$."
	WriteAudit(&b, s.Name, len(s.Problems), Audit(s))
	_, rep, err := Split(synthetic(), &lang.Split{Fractions: fractions, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	WriteSplitReport(&b, rep)
	testkit.Golden(t, "testdata/reports.golden", b.Bytes(), *update)
}
