package runner

import (
	"testing"

	"github.com/aimo-dev/aimo/lang"
)

// TestEveryAxisHasOneCellField: each matrix axis the language accepts
// (model aside) sets a cell field that reads back the same value, so
// planning and ensemble matching cannot disagree about an axis.
func TestEveryAxisHasOneCellField(t *testing.T) {
	for _, a := range lang.Axes {
		if a.Name == "model" {
			if _, ok := cellAxes[a.Name]; ok {
				t.Errorf("model is resolved by buildCells, not through cellAxes")
			}
			continue
		}
		field, ok := cellAxes[a.Name]
		if !ok {
			t.Errorf("axis %s has no cell field", a.Name)
			continue
		}
		v := lang.Value{Kind: lang.Number, Num: 3}
		if a.Kind == lang.AxisString {
			v = lang.Value{Kind: lang.String, Str: "high"}
		}
		var c Cell
		field.set(&c, v)
		if got, ok := c.Axis(a.Name); !ok || got != v {
			t.Errorf("axis %s: set %v, read back %v", a.Name, v, got)
		}
	}
	if len(cellAxes) != len(lang.Axes)-1 {
		t.Errorf("cellAxes has %d entries for %d axes besides model", len(cellAxes), len(lang.Axes)-1)
	}
}
