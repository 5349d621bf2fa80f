package render

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/aimo-dev/aimo/reports/stats"
)

// CheckAlpha is the significance level of report --check.
const CheckAlpha = 0.05

// Verdict is the outcome of comparing a report with a baseline.
type Verdict struct {
	// Regressed is true when the selected configuration solves
	// significantly fewer of the shared problems than the baseline's did.
	Regressed bool
	// Set is the set compared on and Role its role in the baseline:
	// "confirmation" when the baseline has a confirmation set, the one its
	// choice was not made on, else "selection".
	Set  string
	Role string
	// Shared counts problems in both; Before and After are the accuracies
	// on them; Lost and Gained the discordant problems; P the two-sided
	// exact McNemar p-value.
	Shared        int
	Before, After float64
	Lost, Gained  int
	P             float64
	// Line is the one-line reason printed for the user.
	Line string
}

// ReadDocument reads a results.json written by any aimo.results/v1 report.
func ReadDocument(path string) (*Document, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	var d Document
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("read baseline %s: %w", path, err)
	}
	if d.Schema != Schema {
		return nil, fmt.Errorf("read baseline %s: schema %q, want %q", path, d.Schema, Schema)
	}
	return &d, nil
}

// Check pairs the selected configuration's per-problem outcomes with the
// baseline's, problem by problem (by ID), and tests the difference with
// McNemar's exact test. It compares on the baseline's confirmation set when
// there is one: accuracy on the set a configuration was chosen on is
// optimistic, and a new choice made on it would look better there for that
// reason alone. Without a confirmation set it compares on the selection set.
func Check(baseline, current *Document) (Verdict, error) {
	old, err := checkSplit(baseline, "baseline")
	if err != nil {
		return Verdict{}, err
	}
	now, ok := current.split(old.Set)
	if !ok {
		return Verdict{}, fmt.Errorf("check: this report has no outcomes on %s, the baseline's %s set; evaluate it and select with the same select block", old.Set, old.Role)
	}
	v := Verdict{Set: old.Set, Role: old.Role}
	was := make(map[string]bool, len(old.Outcomes))
	for _, o := range old.Outcomes {
		was[o.ID] = o.Correct
	}
	var before, after int
	for _, o := range now.Outcomes {
		w, ok := was[o.ID]
		if !ok {
			continue
		}
		v.Shared++
		before, after = before+b2i(w), after+b2i(o.Correct)
		switch {
		case w && !o.Correct:
			v.Lost++
		case !w && o.Correct:
			v.Gained++
		}
	}
	if v.Shared == 0 {
		return Verdict{}, fmt.Errorf("check: no problem of %s is in both the baseline and this report", old.Set)
	}
	v.Before, v.After = float64(before)/float64(v.Shared), float64(after)/float64(v.Shared)
	v.P = stats.McNemarExact(v.Lost, v.Gained)
	v.Regressed = v.After < v.Before && v.P < CheckAlpha
	v.Line = v.line(baseline, current)
	return v, nil
}

func (v Verdict) line(baseline, current *Document) string {
	what := "no significant regression"
	if v.Regressed {
		what = "regression"
	}
	return fmt.Sprintf("%s: accuracy on %s (%s set) went from %.3f (%s) to %.3f (%s) over %d shared problems: %d lost, %d gained, McNemar exact p=%s (alpha %g)",
		what, v.Set, v.Role, v.Before, configName(baseline), v.After, configName(current), v.Shared, v.Lost, v.Gained, pValue(v.P), CheckAlpha)
}

func configName(d *Document) string {
	return d.Selected.Cell + " / " + d.Selected.Setting
}

// checkSplit is d's confirmation split, or its selection split without one.
func checkSplit(d *Document, who string) (*Split, error) {
	if d.Selected == nil || len(d.Selected.Splits) == 0 {
		return nil, fmt.Errorf("check: the %s has no selected configuration with per-problem outcomes", who)
	}
	for i := range d.Selected.Splits {
		if d.Selected.Splits[i].Role == "confirmation" {
			return &d.Selected.Splits[i], nil
		}
	}
	return &d.Selected.Splits[0], nil
}

func (d *Document) split(set string) (*Split, bool) {
	if d.Selected == nil {
		return nil, false
	}
	for i := range d.Selected.Splits {
		if d.Selected.Splits[i].Set == set {
			return &d.Selected.Splits[i], true
		}
	}
	return nil, false
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
