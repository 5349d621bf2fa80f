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
	// axes are each plan cell's values on the matrix axes (see cellAxes).
	axes map[string]map[string]string
}

// Build computes the report. It reads only in's samples and results; no
// backend is called.
func Build(in Input) (*Report, error) {
	r := in.Results
	n := newNotes(r.Footnotes)
	rep := &Report{notes: n, axes: cellAxes(in.Plan), Doc: &Document{Schema: Schema, Experiment: r.Experiment, Description: in.Experiment.Description,
		Confidence: r.Confidence, Seed: r.Seed, Missing: r.Missing, Partial: r.Missing > 0,
		Expected: expected(in), Sets: r.Sets, Cells: r.Cells, Settings: r.Settings, Selection: r.Selection}}
	spends := costs(&in)
	rep.Doc.Cost = costList(r, spends)
	rep.Doc.Tools = toolList(r, spends)
	rep.fillGrid(r, spends)
	rep.fillPools(r)
	if err := rep.fillSelected(&in); err != nil {
		return nil, err
	}
	rep.fillTrainings(&in)
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
			SecondsPerProblem: e.MeanUsed * s.secondsPerSample(), Solved: solvedString(e.Solved())}
	}
	rep.Doc.Problems = problemIDs(r)
}

// solvedString writes per-problem outcomes as '1' and '0'.
func solvedString(solved []bool) string {
	b := make([]byte, len(solved))
	for i, ok := range solved {
		b[i] = '0' + byte(b2i(ok))
	}
	return string(b)
}

// problemIDs lists each evaluated set's problem IDs in set order, from the
// first pool of the set (every pool of a set has a row per problem).
func problemIDs(r *eval.Results) []SetProblems {
	var out []SetProblems
	for _, set := range r.Sets {
		for _, p := range r.Pools {
			if p.Set == set.Name {
				ids := make([]string, len(p.Problems))
				for i, row := range p.Problems {
					ids[i] = row.ID
				}
				out = append(out, SetProblems{Set: set.Name, IDs: ids})
				break
			}
		}
	}
	return out
}

func (rep *Report) fillPools(r *eval.Results) {
	rep.Doc.Pools = make([]Pool, len(r.Pools))
	for i, p := range r.Pools {
		rep.Doc.Pools[i] = Pool{Set: p.Set, Cell: p.Cell, Samples: p.Samples, Missing: p.Missing, NoAnswer: p.NoAnswer, Invalid: p.Invalid,
			Correct: p.Correct, PassAtK: p.PassAtK, MajAtK: p.MajAtK, AvgAtK: p.AvgAtK, GPassAtK: p.GPassAtK, MGPassAtK: p.MGPassAtK,
			SampleAccuracy: p.SampleAccuracy, Agreement: p.Agreement, Buckets: p.Buckets,
			Signals: p.Signals, Notes: rep.notes.remap(p.Notes)}
	}
}

// fillSelected takes the selected configuration's per-problem outcomes on
// the selection and confirmation sets from eval, and builds the drill-down
// and the calibration from the selection set.
func (rep *Report) fillSelected(in *Input) error {
	sel := in.Results.Selection
	if sel == nil {
		return nil
	}
	sets := []struct{ role, name string }{{"selection", sel.On}}
	if sel.Confirm != nil {
		sets = append(sets, struct{ role, name string }{"confirmation", sel.Confirm.Set})
	}
	for _, s := range sets {
		o, err := in.Results.Problems(s.name, sel.Winner.Cell, sel.Winner.Setting)
		if err != nil {
			return fmt.Errorf("render: %w", err)
		}
		if rep.Doc.Selected == nil {
			st := o.Setting
			rep.Doc.Selected = &Selected{Cell: o.Cell, Setting: sel.Winner.Setting, Method: st.Method, K: st.K, EarlyStop: st.EarlyStop}
			if err := rep.fillDrill(in, o); err != nil {
				return err
			}
			rep.Doc.Calibration = calibrate(o)
		}
		rep.Doc.Selected.Splits = append(rep.Doc.Selected.Splits, split(s.role, o, in.Results.Confidence))
	}
	return nil
}

// fillDrill builds the drill-down of o, with sample texts from the cached
// rows of the cells its samples came from.
func (rep *Report) fillDrill(in *Input, o *eval.Outcomes) error {
	set, err := in.Catalog.Set(o.Set)
	if err != nil {
		return fmt.Errorf("render: %w", err)
	}
	cells := map[string]bool{}
	if len(o.Problems) > 0 {
		for _, s := range o.Problems[0].Samples {
			cells[s.Cell] = true
		}
	}
	rep.drill, rep.drillOn = drillDown(o, set, rowsOn(in, o.Set, cells))
	return nil
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
