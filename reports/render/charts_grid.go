package render

import (
	"strconv"

	"github.com/aimo-dev/aimo/lang"
	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/reports/plot"
	"github.com/aimo-dev/aimo/runner"
)

// votingChart is the selected cell's voting grid: methods (with early
// stopping) down, k across.
func (rep *Report) votingChart() (*plot.Figure, error) {
	vg := rep.Doc.votingGrid()
	if vg == nil {
		return nil, nil
	}
	return plot.Heat("voting-grid", "Voting methods × k: "+vg.Cell+" on "+vg.Set, "k", "method", plot.Grid{Cols: vg.Cols, Rows: vg.Rows, Values: vg.Acc})
}

// votingTable is a cell's accuracy per method row and k column.
type votingTable struct {
	Set, Cell  string
	Rows, Cols []string
	ks         []int
	Acc        [][]float64
}

// votingGrid tabulates the selected cell on the selection set.
func (d *Document) votingGrid() *votingTable {
	if d.Selection == nil || len(d.Settings) == 0 {
		return nil
	}
	t := &votingTable{Set: d.Selection.On, Cell: d.Selection.Winner.Cell}
	rowOf, colOf := map[string]int{}, map[int]int{}
	for _, s := range d.Settings {
		row := s.Method
		if s.EarlyStop > 0 {
			row += " stop" + strconv.Itoa(s.EarlyStop)
		}
		if _, ok := rowOf[row]; !ok {
			rowOf[row] = len(t.Rows)
			t.Rows = append(t.Rows, row)
		}
		if _, ok := colOf[s.K]; !ok {
			colOf[s.K] = len(t.Cols)
			t.Cols, t.ks = append(t.Cols, strconv.Itoa(s.K)), append(t.ks, s.K)
		}
	}
	t.Acc = nanTable(len(t.Rows), len(t.Cols))
	settings := map[string]eval.Setting{}
	for _, s := range d.Settings {
		settings[s.Name] = s
	}
	for _, e := range d.Grid {
		s, ok := settings[e.Setting]
		if !ok || e.Set != t.Set || e.Cell != t.Cell {
			continue
		}
		row := s.Method
		if s.EarlyStop > 0 {
			row += " stop" + strconv.Itoa(s.EarlyStop)
		}
		t.Acc[rowOf[row]][colOf[s.K]] = e.Accuracy
	}
	return t
}

func nanTable(rows, cols int) [][]float64 {
	out := make([][]float64, rows)
	for r := range out {
		out[r] = make([]float64, cols)
		for c := range out[r] {
			out[r][c] = nan
		}
	}
	return out
}

// cellAxes are each plan cell's values on every matrix axis, as text: the
// model (with its adapter), and runner's Cell.Axis, the one map from an
// axis to a cell field, for the rest.
func cellAxes(p *runner.Plan) map[string]map[string]string {
	out := map[string]map[string]string{}
	if p == nil {
		return out
	}
	for i := range p.Cells {
		c := &p.Cells[i]
		values := map[string]string{"model": c.Model}
		if c.Adapter != "" {
			values["model"] += "+" + c.Adapter
		}
		for _, a := range lang.Axes {
			if v, ok := c.Axis(a.Name); ok {
				values[a.Name] = v.String()
			}
		}
		out[c.Name] = values
	}
	return out
}

// matrixChart is a heat map over the first two matrix axes that vary, each
// square the best accuracy of the cells there under the selected setting.
func (rep *Report) matrixChart() (*plot.Figure, error) {
	d := rep.Doc
	if d.Selection == nil {
		return nil, nil
	}
	var varying []string
	for _, a := range lang.Axes {
		if len(rep.distinct(a.Name)) > 1 {
			varying = append(varying, a.Name)
		}
	}
	if len(varying) < 2 {
		return nil, nil
	}
	x, y := varying[1], varying[0]
	cols, rows := rep.distinct(x), rep.distinct(y)
	acc := nanTable(len(rows), len(cols))
	for _, e := range d.Grid {
		v, ok := rep.axes[e.Cell]
		if !ok || e.Set != d.Selection.On || e.Setting != d.Selection.Winner.Setting {
			continue
		}
		r, k := indexOf(rows, v[y]), indexOf(cols, v[x])
		if acc[r][k] != acc[r][k] || e.Accuracy > acc[r][k] {
			acc[r][k] = e.Accuracy
		}
	}
	title := y + " × " + x + " on " + d.Selection.On + " (" + d.Selection.Winner.Setting + ")"
	return plot.Heat("matrix", title, x, y, plot.Grid{Cols: cols, Rows: rows, Values: acc})
}

// distinct lists the values the report's cells take on an axis, in the
// order the results list the cells.
func (rep *Report) distinct(axis string) []string {
	var out []string
	for _, c := range rep.Doc.Cells {
		v, ok := rep.axes[c.Name]
		if !ok || c.Kind != "cell" {
			continue
		}
		if indexOf(out, v[axis]) < 0 {
			out = append(out, v[axis])
		}
	}
	return out
}

func indexOf(list []string, v string) int {
	for i, s := range list {
		if s == v {
			return i
		}
	}
	return -1
}

// categoryChart compares the selected entry with the runner-up and the best
// single-sample entry, subject by subject (level by level without subjects).
func (rep *Report) categoryChart() (*plot.Figure, error) {
	d := rep.Doc
	picks := d.comparedEntries()
	if len(picks) == 0 {
		return nil, nil
	}
	groups, by := func(e *Entry) []eval.Group { return e.BySubject }, "subject"
	if len(picks[0].BySubject) == 0 {
		groups, by = func(e *Entry) []eval.Group { return e.ByLevel }, "level"
	}
	var cats []string
	for _, g := range groups(picks[0]) {
		cats = append(cats, g.Name)
	}
	if len(cats) == 0 {
		return nil, nil
	}
	var series []plot.Series
	for _, e := range picks {
		s := plot.Series{Name: e.Cell + " · " + e.Setting, Y: make([]float64, len(cats))}
		for _, g := range groups(e) {
			if i := indexOf(cats, g.Name); i >= 0 {
				s.Y[i] = g.Accuracy
			}
		}
		series = append(series, s)
	}
	return plot.Grouped("by-"+by, "Accuracy by "+by+" on "+d.selectionSet(), "accuracy", cats, series)
}

// comparedEntries are the selected entry, the runner-up and the best entry
// reading one sample, without repeats.
func (d *Document) comparedEntries() []*Entry {
	ranked := d.ranked(d.selectionSet())
	if len(ranked) == 0 {
		return nil
	}
	out := []*Entry{ranked[0]}
	if len(ranked) > 1 {
		out = append(out, ranked[1])
	}
	settings := map[string]int{}
	for _, s := range d.Settings {
		settings[s.Name] = s.K
	}
	for _, e := range ranked[min(2, len(ranked)):] {
		if settings[e.Setting] == 1 {
			return append(out, e)
		}
	}
	return out
}
