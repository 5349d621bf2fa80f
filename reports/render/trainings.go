package render

import (
	"fmt"
	"io"

	"github.com/aimo-dev/aimo/backends/hf"
	"github.com/aimo-dev/aimo/reports/plot"
)

// fillTrainings joins each planned adapter with its trainer's metrics and
// the best accuracy of its cells on the selection set.
func (rep *Report) fillTrainings(in *Input) {
	set := rep.Doc.selectionSet()
	best := map[string]float64{}
	for _, e := range rep.Doc.bestPerCell(set) {
		for _, c := range in.Plan.Cells {
			if c.Name == e.Cell && c.Adapter != "" {
				if v, ok := best[c.Adapter]; !ok || e.Accuracy > v {
					best[c.Adapter] = e.Accuracy
				}
			}
		}
	}
	rep.Doc.Trainings = nil
	for _, t := range in.Plan.Trainings {
		tr := Training{Training: t}
		if m := in.Adapters[t.Name]; m != nil {
			tr.Trained, tr.InitialEvalLoss, tr.FinalEvalLoss = true, m.InitialEvalLoss, m.FinalEvalLoss
			tr.Steps, tr.WallS, tr.TokensPerS, tr.TrainLoss, tr.EvalLoss = m.Steps, m.WallS, m.TokensPerS, m.TrainLoss, m.EvalLoss
		}
		if v, ok := best[t.Name]; ok {
			tr.BestAccuracy = &v
		}
		// State and memory describe a plan, not a result.
		tr.State, tr.MemoryGB = "", 0
		rep.Doc.Trainings = append(rep.Doc.Trainings, tr)
	}
}

// lossChart draws each trained adapter's training loss, and its
// validation loss where it has one, against the step.
func (rep *Report) lossChart() (*plot.Figure, error) {
	var series []plot.Series
	for _, t := range rep.Doc.Trainings {
		if len(t.TrainLoss) > 0 {
			series = append(series, lossSeries(t.Name+" train", t.TrainLoss))
		}
		if len(t.EvalLoss) > 0 {
			pts := t.EvalLoss
			if t.InitialEvalLoss != nil && pts[0].Step > 0 {
				pts = append([]hf.Point{{Step: 0, Loss: *t.InitialEvalLoss}}, pts...)
			}
			series = append(series, lossSeries(t.Name+" validation", pts))
		}
	}
	if len(series) == 0 {
		return nil, nil
	}
	f, err := plot.Lines("loss", "LoRA training and validation loss", "step", "loss", series)
	if err != nil {
		return nil, err
	}
	return f.PreciseY(), nil
}

func lossSeries(name string, pts []hf.Point) plot.Series {
	s := plot.Series{Name: name}
	for _, p := range pts {
		s.X = append(s.X, float64(p.Step))
		s.Y = append(s.Y, p.Loss)
	}
	return s
}

func (rep *Report) mdTrainings(w io.Writer) {
	ts := rep.Doc.Trainings
	if len(ts) == 0 {
		return
	}
	fmt.Fprint(w, "## Trainings\n\n")
	fmt.Fprintf(w, "Best accuracy is the best entry of the adapter's cells on %s; validation loss is the base model's, then the kept checkpoint's.\n\n", mdText(rep.Doc.selectionSet()))
	fmt.Fprint(w, "| adapter | base | train | r | alpha | lr | epochs | batch | best accuracy | validation loss | steps | wall s |\n|---|---|---|--:|--:|--:|--:|--:|--:|---|--:|--:|\n")
	for _, t := range ts {
		acc, loss, steps, wall := "–", "not trained", "–", "–"
		if t.BestAccuracy != nil {
			acc = pct(*t.BestAccuracy)
		}
		if t.Trained {
			loss, steps, wall = "–", fmt.Sprint(t.Steps), fmt.Sprintf("%.0f", t.WallS)
			if t.InitialEvalLoss != nil && t.FinalEvalLoss != nil {
				loss = fmt.Sprintf("%.4f → %.4f", *t.InitialEvalLoss, *t.FinalEvalLoss)
			}
		}
		fmt.Fprintf(w, "| %s | %s | %s | %d | %d | %g | %d | %d | %s | %s | %s | %s |\n", mdText(t.Name), mdText(t.Base),
			mdText(t.Train), t.R, t.Alpha, t.LR, t.Epochs, t.BatchSize, acc, loss, steps, wall)
	}
	fmt.Fprintln(w)
}
