package render

import "github.com/aimo-dev/aimo/reports/eval"

// BestSchema is the version best.json declares.
const BestSchema = "aimo.best/v1"

// Best is best.json: the selected configuration, everything needed to run
// it again or export it, and how far to trust it.
type Best struct {
	Schema     string `json:"schema"`
	Experiment string `json:"experiment"`
	// Cell describes the generation cell (or ensemble); Setting the vote.
	Cell    eval.CellInfo `json:"cell"`
	Setting eval.Setting  `json:"setting"`
	// On and Accuracy are the selection split and the accuracy there;
	// Confirm is the winner re-measured on the confirmation split.
	On          string             `json:"on"`
	Metric      string             `json:"metric"`
	Accuracy    float64            `json:"accuracy"`
	Wilson      eval.Interval      `json:"wilson"`
	Significant bool               `json:"significant"`
	Confirm     *eval.Confirmation `json:"confirm,omitempty"`
	Verdict     string             `json:"verdict"`
}

// Best returns best.json's content; nil when nothing was selected.
func (rep *Report) Best() *Best {
	d := rep.Doc
	s := d.Selection
	if s == nil {
		return nil
	}
	info, _ := cellInfo(d.Cells, s.Winner.Cell)
	b := &Best{Schema: BestSchema, Experiment: d.Experiment, Cell: info, On: s.On, Metric: s.Metric,
		Accuracy: s.Winner.Accuracy, Wilson: s.Winner.Wilson, Significant: s.Significant, Confirm: s.Confirm, Verdict: s.Verdict}
	b.Setting = eval.Setting{Name: s.Winner.Setting}
	if sel := d.Selected; sel != nil {
		b.Setting = eval.Setting{Name: sel.Setting, Method: sel.Method, K: sel.K, EarlyStop: sel.EarlyStop}
	}
	return b
}

func cellInfo(cells []eval.CellInfo, name string) (eval.CellInfo, bool) {
	for _, c := range cells {
		if c.Name == name {
			return c, true
		}
	}
	return eval.CellInfo{}, false
}
