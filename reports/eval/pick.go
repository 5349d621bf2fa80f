package eval

import (
	"fmt"
	"strings"
)

// UnknownSettingError names a voting setting the grid does not have, and
// the ones it has.
type UnknownSettingError struct {
	Name  string
	Known []string
}

func (e *UnknownSettingError) Error() string {
	// Names hold spaces ("majority@4 stop3"), so each is quoted.
	quoted := make([]string, len(e.Known))
	for i, k := range e.Known {
		quoted[i] = fmt.Sprintf("%q", k)
	}
	return fmt.Sprintf("--setting %q: the voting grid has %s", e.Name, strings.Join(quoted, ", "))
}

// Setting returns the voting setting called name, as the leaderboard names
// it.
func (r *Results) Setting(name string) (Setting, error) {
	var names []string
	for _, s := range r.Settings {
		if s.Name == name {
			return s, nil
		}
		names = append(names, s.Name)
	}
	return Setting{}, &UnknownSettingError{name, names}
}

// BestSetting is cell's best-ranked voting setting on set: what simulate,
// export and submit ship when no setting is named. A cell without entries
// on set gets the grid's first setting.
func (r *Results) BestSetting(set, cell string) Setting {
	best := -1
	name := ""
	for _, e := range r.Grid {
		if e.Set == set && e.Cell == cell && (best < 0 || e.Rank < best) {
			best, name = e.Rank, e.Setting
		}
	}
	for _, s := range r.Settings {
		if s.Name == name {
			return s
		}
	}
	return r.Settings[0]
}
