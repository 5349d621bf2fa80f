package render

import (
	"math"
	"slices"
	"strconv"

	"github.com/aimo-dev/aimo/reports/plot"
)

// maxCellsPlotted bounds the accuracy chart to the best cells.
const maxCellsPlotted = 30

// charts draws every chart the data supports, in a fixed order.
func (rep *Report) charts() ([]*plot.Figure, error) {
	var figs []*plot.Figure
	for _, draw := range []func() (*plot.Figure, error){
		rep.accuracyChart, rep.votingChart, rep.matrixChart, rep.curvesChart,
		rep.costChart, rep.calibrationChart, rep.categoryChart, rep.lossChart,
	} {
		f, err := draw()
		if err != nil {
			return nil, err
		}
		if f != nil {
			figs = append(figs, f)
		}
	}
	return figs, nil
}

// selectionSet is the set the selection was made on (the first set when
// nothing was selected).
func (d *Document) selectionSet() string {
	if d.Selection != nil {
		return d.Selection.On
	}
	if len(d.Sets) > 0 {
		return d.Sets[0].Name
	}
	return ""
}

// ranked returns a set's entries, best first.
func (d *Document) ranked(set string) []*Entry {
	var out []*Entry
	for i := range d.Grid {
		if d.Grid[i].Set == set {
			out = append(out, &d.Grid[i])
		}
	}
	slices.SortFunc(out, func(a, b *Entry) int { return a.Rank - b.Rank })
	return out
}

// bestPerCell returns each cell's best entry on set, best first.
func (d *Document) bestPerCell(set string) []*Entry {
	seen := map[string]bool{}
	var out []*Entry
	for _, e := range d.ranked(set) {
		if !seen[e.Cell] {
			seen[e.Cell] = true
			out = append(out, e)
		}
	}
	return out
}

func (rep *Report) accuracyChart() (*plot.Figure, error) {
	set := rep.Doc.selectionSet()
	best := rep.Doc.bestPerCell(set)
	if len(best) == 0 {
		return nil, nil
	}
	title := "Best accuracy per cell on " + set
	if len(best) > maxCellsPlotted {
		title += " (top " + strconv.Itoa(maxCellsPlotted) + " of " + strconv.Itoa(len(best)) + ")"
		best = best[:maxCellsPlotted]
	}
	rows := make([]plot.Interval, len(best))
	for i, e := range best {
		rows[i] = plot.Interval{Label: e.Cell + " · " + e.Setting, Value: e.Accuracy, Lo: e.Wilson.Lo, Hi: e.Wilson.Hi}
	}
	return plot.Intervals("accuracy", title, "accuracy (95% Wilson interval, continuity-corrected)", rows)
}

func (rep *Report) curvesChart() (*plot.Figure, error) {
	pl := rep.Doc.selectedPool()
	if pl == nil || len(pl.PassAtK) == 0 {
		return nil, nil
	}
	ks := make([]float64, len(pl.PassAtK))
	for i := range ks {
		ks[i] = float64(i + 1)
	}
	series := []plot.Series{{Name: "pass@k", X: ks, Y: pl.PassAtK}}
	if pl.MajAtK != nil {
		series = append(series, plot.Series{Name: "maj@k", X: ks, Y: pl.MajAtK})
	}
	f, err := plot.Lines("curves", "maj@k and pass@k of "+pl.Cell+" on "+pl.Set, "k (samples)", "accuracy", series)
	if err != nil {
		return nil, err
	}
	return f.AccuracyY(), nil
}

// selectedPool is the selected cell's pool on the selection set.
func (d *Document) selectedPool() *Pool {
	if d.Selection == nil {
		return nil
	}
	for i := range d.Pools {
		if p := &d.Pools[i]; p.Set == d.Selection.On && p.Cell == d.Selection.Winner.Cell {
			return p
		}
	}
	return nil
}

func (rep *Report) costChart() (*plot.Figure, error) {
	set := rep.Doc.selectionSet()
	entries := rep.Doc.ranked(set)
	if len(entries) == 0 {
		return nil, nil
	}
	pts := make([]plot.Point, len(entries))
	for i, e := range entries {
		pts[i] = plot.Point{Label: e.Cell + " · " + e.Setting, X: rep.costOf(e), Y: e.Accuracy}
	}
	return plot.Pareto("cost", "Accuracy against cost on "+set, rep.costUnit(), "accuracy", pts)
}

// costOf is an entry's cost: tokens per problem, or samples read per
// problem when the cache recorded no tokens.
func (rep *Report) costOf(e *Entry) float64 {
	if rep.costNote != 0 {
		return e.MeanUsed
	}
	return e.TokensPerProblem
}

func (rep *Report) costUnit() string {
	if rep.costNote != 0 {
		return "samples read per problem"
	}
	return "completion tokens per problem"
}

func (rep *Report) calibrationChart() (*plot.Figure, error) {
	c := rep.Doc.Calibration
	if c == nil || c.Samples == 0 {
		return nil, nil
	}
	bins := make([]plot.Bin, len(c.Bins))
	for i, b := range c.Bins {
		bins[i] = plot.Bin{Confidence: b.MeanConfidence, Accuracy: b.Accuracy, Samples: b.Samples}
	}
	return plot.Calibration("calibration", "Calibration of "+c.Cell+" on "+c.Set+" (ECE "+strconv.FormatFloat(c.ECE, 'f', 3, 64)+")", c.Signal, bins)
}

// nan marks a combination the grid did not evaluate.
var nan = math.NaN()
