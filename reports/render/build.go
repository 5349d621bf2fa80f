package render

import (
	"fmt"

	"github.com/aimo-dev/aimo/reports/eval"
	"github.com/aimo-dev/aimo/reports/plot"
)

// Report is a Document with what only the renderers need: the drill-down
// views and the charts.
type Report struct {
	Doc     *Document
	drill   []problemView
	drillOn string
	figures []*plot.Figure
	notes   *notes
	// costNote is the footnote saying no tokens were recorded (0: recorded).
	costNote int
}

// Build computes the report. It reads only in's samples and results; no
// backend is called.
func Build(in Input) (*Report, error) {
	r := in.Results
	n := newNotes(r.Footnotes)
	rep := &Report{notes: n, Doc: &Document{Schema: Schema, Experiment: r.Experiment, Description: in.Experiment.Description,
		Confidence: r.Confidence, Seed: r.Seed, Missing: r.Missing, Partial: r.Missing > 0,
		Expected: expected(in), Sets: r.Sets, Cells: r.Cells, Settings: r.Settings, Selection: r.Selection,
		Trainings: in.Plan.Trainings}}
	spends := costs(&in)
	rep.Doc.Cost = costList(r, spends)
	rep.fillGrid(r, spends)
	rep.fillPools(r)
	if err := rep.fillSelected(&in); err != nil {
		return nil, err
	}
	rep.addNotes(r)
	rep.Doc.Footnotes = n.list
	figs, err := rep.charts()
	if err != nil {
		return nil, err
	}
	rep.figures = figs
	return rep, nil
}

func expected(in Input) int {
	n := 0
	for _, is := range in.Samples {
		n += len(is.Samples)
	}
	return n
}

func (rep *Report) fillGrid(r *eval.Results, spends map[costKey]*spend) {
	rep.Doc.Grid = make([]Entry, len(r.Grid))
	for i, e := range r.Grid {
		e.Notes = rep.notes.remap(e.Notes)
		s := spends[costKey{e.Set, e.Cell}]
		rep.Doc.Grid[i] = Entry{Entry: e, TokensPerProblem: e.MeanUsed * s.tokensPerSample(),
			SecondsPerProblem: e.MeanUsed * s.secondsPerSample()}
	}
}

func (rep *Report) fillPools(r *eval.Results) {
	rep.Doc.Pools = make([]Pool, len(r.Pools))
	for i, p := range r.Pools {
		rep.Doc.Pools[i] = Pool{Set: p.Set, Cell: p.Cell, Samples: p.Samples, Missing: p.Missing, NoAnswer: p.NoAnswer,
			Correct: p.Correct, PassAtK: p.PassAtK, MajAtK: p.MajAtK, Agreement: p.Agreement, Buckets: p.Buckets,
			Signals: p.Signals, Notes: rep.notes.remap(p.Notes)}
	}
}

// fillSelected re-votes the selected configuration problem by problem on
// the selection and confirmation sets, and builds the drill-down and the
// calibration from the selection set.
func (rep *Report) fillSelected(in *Input) error {
	sel := in.Results.Selection
	if sel == nil {
		return nil
	}
	info, ok := cellInfo(in.Results, sel.Winner.Cell)
	if !ok {
		return fmt.Errorf("render: selected cell %s is not in the results", sel.Winner.Cell)
	}
	ix := newIndex(in)
	sets := []struct{ role, name string }{{"selection", sel.On}}
	if sel.Confirm != nil {
		sets = append(sets, struct{ role, name string }{"confirmation", sel.Confirm.Set})
	}
	for _, s := range sets {
		pl, err := ix.pool(info, s.name)
		if err != nil {
			return err
		}
		h := settingOf(in.Results, info, sel.Winner.Setting, pl)
		votes, err := recount(pl, h)
		if err != nil {
			return err
		}
		if rep.Doc.Selected == nil {
			rep.Doc.Selected = &Selected{Cell: info.Name, Setting: sel.Winner.Setting, Method: h.method, K: h.k, EarlyStop: h.stop}
			rep.drill, rep.drillOn = drillDown(pl, votes, h.k)
			rep.Doc.Calibration = calibrate(pl, info.Name)
		}
		sp := split(s.role, pl, votes, in.Results.Confidence)
		rep.checkRecount(in.Results, sp)
		rep.Doc.Selected.Splits = append(rep.Doc.Selected.Splits, sp)
	}
	return nil
}

func cellInfo(r *eval.Results, name string) (eval.CellInfo, bool) {
	for _, c := range r.Cells {
		if c.Name == name {
			return c, true
		}
	}
	return eval.CellInfo{}, false
}

// checkRecount notes when the re-vote disagrees with eval's count, which
// would make --check compare something other than the leaderboard shows.
func (rep *Report) checkRecount(r *eval.Results, sp Split) {
	sel := r.Selection
	for _, e := range r.Grid {
		if e.Set == sp.Set && e.Cell == sel.Winner.Cell && e.Setting == sel.Winner.Setting && e.Correct != sp.Correct {
			rep.notes.add(CodeRecount, fmt.Sprintf("re-voting %s / %s on %s problem by problem gave %d correct, the leaderboard %d; per-problem outcomes may be off",
				e.Cell, e.Setting, sp.Set, sp.Correct, e.Correct))
		}
	}
}

// addNotes adds the report's own caveats after eval's.
func (rep *Report) addNotes(r *eval.Results) {
	d := rep.Doc
	if d.Partial {
		rep.notes.add(CodePartial, fmt.Sprintf("partial report: %d of %d samples are missing from the cache (run aimo run to generate them); they abstain from every vote", d.Missing, d.Expected))
	}
	tokened := 0
	for _, c := range d.Cost {
		tokened += c.Tokened
	}
	if tokened == 0 && len(d.Cost) > 0 {
		rep.costNote = rep.notes.add(CodeNoTokens, "the cache records no completion tokens or latencies (replayed samples); cost is shown as samples read per problem")
	}
	if rep.drillOn != "" {
		rep.notes.add(CodeDrill, rep.drillOn)
	}
}
