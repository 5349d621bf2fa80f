package lang

import (
	"bytes"
	"encoding/json"

	"github.com/aimo-dev/aimo/internal/files"
)

func defaultLimits(l *Limits) {
	if l.Cells == 0 {
		l.Cells = DefaultMaxCells
	}
	if l.Requests == 0 {
		l.Requests = DefaultMaxRequests
	}
	if l.FileMB == 0 {
		l.FileMB = DefaultMaxFileMB
	}
}

// limits refuses limits below 1 and a samples count that alone exceeds the
// requests limit (the whole count is checked when the plan knows the
// problems).
func (c *checker) limits(e *Experiment) {
	for _, f := range []struct {
		path string
		v    int
	}{{"limits.cells", e.Limits.Cells}, {"limits.requests", e.Limits.Requests}, {"limits.file_mb", e.Limits.FileMB}} {
		if f.v < 1 {
			c.failf(f.path, "expected a limit >= 1 (leave it out for the default), found %d", f.v)
		}
	}
	if e.Limits.Requests >= 1 && e.Samples > e.Limits.Requests {
		c.failf("samples", "%d samples per problem exceed limits.requests (%d generation requests in all); "+
			"raise limits.requests if the sweep is really that big", e.Samples, e.Limits.Requests)
	}
}

// explicitZeroLimits finds limits written as 0, which defaults would
// otherwise silently replace.
func explicitZeroLimits(data []byte) []*FieldError {
	var top struct {
		Limits map[string]json.RawMessage `json:"limits"`
	}
	if json.Unmarshal(data, &top) != nil {
		return nil
	}
	var errs []*FieldError
	for _, k := range []string{"cells", "requests", "file_mb"} {
		if v, ok := top.Limits[k]; ok && bytes.Equal(bytes.TrimSpace(v), []byte("0")) {
			errs = append(errs, &FieldError{Path: "limits." + k, Msg: "expected a limit >= 1 (leave it out for the default), found 0"})
		}
	}
	return errs
}

// Files is the policy for the files e names (datasets, replays): inside
// its folder or a library folder, regular, at most limits.file_mb each.
func (e *Experiment) Files() files.Policy {
	roots := e.Roots
	if len(roots) == 0 {
		roots = []string{e.Dir}
	}
	mb := e.Limits.FileMB
	if mb < 1 {
		mb = DefaultMaxFileMB
	}
	return files.Policy{Roots: roots, MaxBytes: int64(mb) << 20, Raise: "limits.file_mb in the experiment"}
}
