package render

import (
	"strings"
	"testing"
)

// doc is a report whose selected configuration solved the problems marked
// true on each named split.
func doc(splits ...Split) *Document {
	return &Document{Schema: Schema, Selected: &Selected{Cell: "c", Setting: "majority@8", Splits: splits}}
}

func outcomes(role, set string, solved ...bool) Split {
	s := Split{Role: role, Set: set}
	for i, ok := range solved {
		s.Outcomes = append(s.Outcomes, Outcome{ID: string(rune('a' + i)), Correct: ok})
	}
	return s
}

func repeat(ok bool, n int) []bool {
	out := make([]bool, n)
	for i := range out {
		out[i] = ok
	}
	return out
}

// TestCheckComparesOnTheConfirmationSplit: the new choice is as good as the
// baseline's on the selection split (where it was picked, so it would look
// at least as good there) and much worse on the confirmation split. Check
// must compare on the confirmation split and find the regression.
func TestCheckComparesOnTheConfirmationSplit(t *testing.T) {
	baseline := doc(outcomes("selection", "val", repeat(true, 20)...), outcomes("confirmation", "test", repeat(true, 20)...))
	current := doc(outcomes("selection", "val", repeat(true, 20)...), outcomes("confirmation", "test", repeat(false, 20)...))
	v, err := Check(baseline, current)
	if err != nil {
		t.Fatal(err)
	}
	if v.Set != "test" || v.Role != "confirmation" || !v.Regressed || v.Lost != 20 {
		t.Errorf("verdict %+v: want a regression of 20 problems on the confirmation split test", v)
	}
	if !strings.Contains(v.Line, "test (confirmation set)") {
		t.Errorf("line %q does not name the confirmation set", v.Line)
	}
}

func TestCheckWithoutConfirmationUsesTheSelectionSplit(t *testing.T) {
	baseline := doc(outcomes("selection", "val", repeat(true, 20)...))
	current := doc(outcomes("selection", "val", repeat(true, 20)...))
	v, err := Check(baseline, current)
	if err != nil {
		t.Fatal(err)
	}
	if v.Set != "val" || v.Role != "selection" || v.Regressed {
		t.Errorf("verdict %+v: want no regression on the selection split val", v)
	}
}

func TestCheckNeedsTheBaselinesSet(t *testing.T) {
	baseline := doc(outcomes("selection", "val", true), outcomes("confirmation", "test", true))
	current := doc(outcomes("selection", "val", true))
	if _, err := Check(baseline, current); err == nil || !strings.Contains(err.Error(), "no outcomes on test, the baseline's confirmation set") {
		t.Errorf("err = %v, want one naming the missing confirmation set", err)
	}
}
