package dataset

import (
	"fmt"
	"sort"
	"strings"

	"github.com/aimo-dev/aimo/lang"
)

// MappingError is a fields mapping that names a key no row of the file has:
// every problem would lack that field. It is a config error (exit 2).
type MappingError struct {
	Dataset, Field, Key, Path string
	// Have lists the keys (or CSV columns) the file's rows do have.
	Have []string
}

func (e *MappingError) Error() string {
	// Load prefixes "dataset NAME: ".
	msg := fmt.Sprintf("fields.%s: key %q is in no row of %s; the rows have %s",
		e.Field, e.Key, e.Path, strings.Join(e.Have, ", "))
	if s := lang.Closest(e.Key, e.Have); s != "" {
		msg += "; did you mean " + s + "?"
	}
	return msg
}

// ExitCode is 2: the experiment file is wrong, not the run.
func (e *MappingError) ExitCode() int { return 2 }

// checkMapping checks each key the user mapped against the keys the file's
// rows have (an empty file has nothing to check against).
func checkMapping(name string, d *lang.Dataset, path string, seen map[string]bool, rows int) error {
	if rows == 0 {
		return nil
	}
	fields := make([]string, 0, len(d.Fields))
	for f := range d.Fields {
		fields = append(fields, f)
	}
	sort.Strings(fields)
	for _, f := range fields {
		if key := d.Fields[f]; !seen[key] {
			have := make([]string, 0, len(seen))
			for k := range seen {
				have = append(have, k)
			}
			sort.Strings(have)
			return &MappingError{Dataset: name, Field: f, Key: key, Path: path, Have: have}
		}
	}
	return nil
}
