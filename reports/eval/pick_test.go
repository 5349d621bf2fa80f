package eval

import (
	"errors"
	"testing"
)

func TestPickSetting(t *testing.T) {
	r := &Results{
		Settings: []Setting{{Name: "majority@1", Method: "majority", K: 1}, {Name: "majority@8", Method: "majority", K: 8}},
		Grid: []Entry{
			{Set: "val", Cell: "a", Setting: "majority@1", Rank: 3},
			{Set: "val", Cell: "a", Setting: "majority@8", Rank: 1},
			{Set: "test", Cell: "a", Setting: "majority@1", Rank: 1},
			{Set: "val", Cell: "b", Setting: "majority@1", Rank: 2},
		},
	}
	for _, tc := range []struct{ set, cell, want string }{
		{"val", "a", "majority@8"},
		{"test", "a", "majority@1"},
		{"val", "b", "majority@1"},
		{"val", "unevaluated", "majority@1"},
	} {
		if got := r.BestSetting(tc.set, tc.cell).Name; got != tc.want {
			t.Errorf("BestSetting(%s, %s) = %s, want %s", tc.set, tc.cell, got, tc.want)
		}
	}
	if s, err := r.Setting("majority@8"); err != nil || s.K != 8 {
		t.Errorf("Setting(majority@8) = %+v, %v", s, err)
	}
	_, err := r.Setting("majority@4")
	var unknown *UnknownSettingError
	if !errors.As(err, &unknown) || len(unknown.Known) != 2 {
		t.Errorf("Setting(majority@4) error = %v, want an UnknownSettingError listing both settings", err)
	}
}

// TestUnknownSettingListsNamesQuoted: setting names hold spaces, so the
// list of valid ones must show where each begins and ends.
func TestUnknownSettingListsNamesQuoted(t *testing.T) {
	err := (&UnknownSettingError{Name: "nope", Known: []string{"majority@4", "majority@4 stop3"}}).Error()
	if want := `--setting "nope": the voting grid has "majority@4", "majority@4 stop3"`; err != want {
		t.Errorf("got  %s\nwant %s", err, want)
	}
}
