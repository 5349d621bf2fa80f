package lang

import (
	"fmt"
	"os"
	"regexp"
	"strings"
)

// FieldError is one schema problem at a field path such as matrix.template[2].
type FieldError struct {
	Path string
	Msg  string
	// Line is the line in the experiment file where the field is written, when
	// it can be found unambiguously; 0 otherwise.
	Line int
}

func (e *FieldError) Error() string {
	if e.Path == "" {
		return e.Msg
	}
	return e.Path + ": " + e.Msg
}

// ConfigError is a problem the user fixes in the experiment file: a Jsonnet
// error or schema errors. aimo exits 2 on it and writes nothing.
type ConfigError struct {
	File string
	// Jsonnet is the evaluator's message (it carries file:line:col) when the
	// file did not evaluate; otherwise Fields lists the schema problems.
	Jsonnet string
	Fields  []*FieldError
}

// ExitCode is 2: bad usage or bad config.
func (e *ConfigError) ExitCode() int { return 2 }

// maxListed is how many schema problems an error lists, like a compiler's
// "too many errors": a generated list (std.range) that is wrong is wrong the
// same way a thousand times, and the first screenful says how.
const maxListed = 20

func (e *ConfigError) Error() string {
	if e.Jsonnet != "" {
		return strings.TrimRight(e.Jsonnet, "\n")
	}
	var b strings.Builder
	for i, f := range e.Fields {
		if i == maxListed {
			fmt.Fprintf(&b, "\n%s: and %d more problems", e.File, len(e.Fields)-maxListed)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		if f.Line > 0 {
			fmt.Fprintf(&b, "%s:%d: %s", e.File, f.Line, f.Error())
		} else {
			fmt.Fprintf(&b, "%s: %s", e.File, f.Error())
		}
	}
	return b.String()
}

// Refuse is a ConfigError (exit 2) for a problem found after the experiment
// loaded, in its data say, at a field path: located in the experiment file
// like a schema error.
func (e *Experiment) Refuse(path, format string, args ...any) *ConfigError {
	fe := &FieldError{Path: path, Msg: fmt.Sprintf(format, args...)}
	if src, err := os.ReadFile(e.File); err == nil {
		// A field a library function writes (datasets.d.path) is not in
		// the file: fall back to the nearest enclosing field that is.
		for p := path; fe.Line == 0 && p != ""; p = parent(p) {
			probe := &FieldError{Path: p}
			locate(string(src), []*FieldError{probe})
			fe.Line = probe.Line
		}
	}
	return &ConfigError{File: e.File, Fields: []*FieldError{fe}}
}

// parent is path without its last component: datasets.d for datasets.d.path.
func parent(path string) string {
	if i := strings.LastIndex(path, "."); i >= 0 {
		return path[:i]
	}
	return ""
}

func unknownField(path, key string, valid []string) *FieldError {
	msg := "unknown field"
	if s := closest(key, valid); s != "" {
		msg += "; did you mean " + s + "?"
	} else {
		msg += "; valid fields: " + strings.Join(valid, ", ")
	}
	return &FieldError{Path: join(path, key), Msg: msg}
}

var indexSuffix = regexp.MustCompile(`\[\d+\]$`)

// locate finds the line where each error's last path component is written as a
// field, when it occurs exactly once in the file. Schema errors come from the
// evaluated value, which has no positions; this recovers them for the common
// case of a field written once in the experiment file itself.
func locate(src string, errs []*FieldError) {
	lines := strings.Split(src, "\n")
	for _, e := range errs {
		parts := strings.Split(e.Path, ".")
		key := indexSuffix.ReplaceAllString(parts[len(parts)-1], "")
		if key == "" {
			continue
		}
		re := regexp.MustCompile(`(^|[\s{,])['"]?` + regexp.QuoteMeta(key) + `['"]?\s*(\+)?:{1,3}[^:]`)
		found := 0
		for i, l := range lines {
			if re.MatchString(l + " ") {
				if found != 0 {
					found = -1
					break
				}
				found = i + 1
			}
		}
		if found > 0 {
			e.Line = found
		}
	}
}
