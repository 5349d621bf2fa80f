package render

import (
	"strings"
	"testing"

	"github.com/aimo-dev/aimo/backends"
	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/runner"
)

// TestMatrixChartOverAnyAxes: the matrix heat map reads a cell's axis
// values through the plan, so a sweep over reasoning_effort and top_k (axes
// results.json does not spell out) gets its chart too.
func TestMatrixChartOverAnyAxes(t *testing.T) {
	plan := &runner.Plan{}
	doc := &Document{Selection: &eval.Selection{On: "val", Winner: eval.Pick{Cell: "low/k20", Setting: "majority@1"}}}
	for _, effort := range []string{"low", "high"} {
		for _, k := range []int{20, 40} {
			name := effort + "/k" + map[int]string{20: "20", 40: "40"}[k]
			plan.Cells = append(plan.Cells, runner.Cell{Name: name, Model: "gpt-oss", Template: "basic",
				Sampling: backends.Sampling{ReasoningEffort: effort, TopK: k, Temperature: 1}})
			doc.Cells = append(doc.Cells, eval.CellInfo{Name: name, Kind: "cell", Model: "gpt-oss", Template: "basic", Temperature: 1})
			doc.Grid = append(doc.Grid, Entry{Entry: eval.Entry{Set: "val", Cell: name, Setting: "majority@1", Accuracy: float64(k) / 100}})
		}
	}
	rep := &Report{Doc: doc, axes: cellAxes(plan)}
	f, err := rep.matrixChart()
	if err != nil {
		t.Fatal(err)
	}
	if f == nil {
		t.Fatal("no matrix chart for a sweep over top_k and reasoning_effort")
	}
	if !strings.HasPrefix(f.Title, "top_k × reasoning_effort on val") {
		t.Errorf("title %q", f.Title)
	}
	svg, err := f.SVG()
	if err != nil {
		t.Fatal(err)
	}
	for _, label := range []string{">low<", ">high<", ">20<", ">40<", ">0.200<", ">0.400<"} {
		if !strings.Contains(string(svg), label) {
			t.Errorf("the chart does not show %s", label)
		}
	}
}
