package lang

import (
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strings"
)

// FieldError is one schema problem at a field path such as matrix.template[2].
type FieldError struct {
	Path string
	Msg  string
	// Line is the line where the field is written, when it can be found
	// unambiguously, in the experiment file or, when File is set, in that
	// file it imports; 0 otherwise.
	Line int
	File string
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
		switch {
		case f.Line > 0 && f.File != "":
			fmt.Fprintf(&b, "%s:%d: %s", f.File, f.Line, f.Error())
		case f.Line > 0:
			fmt.Fprintf(&b, "%s:%d: %s", e.File, f.Line, f.Error())
		default:
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
			locate(string(src), e.Imports, []*FieldError{probe})
			fe.Line, fe.File = probe.Line, probe.File
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
// field: in the experiment file (src) when it occurs there exactly once; else,
// when the experiment file does not write the path's top-level field either
// (it would have a hand in the error), in the one file it imports (imports,
// by path) that writes both, the last component exactly once. Schema errors
// come from the evaluated value, which has no positions; this recovers them
// for the common case of a field written once.
func locate(src string, imports map[string]string, errs []*FieldError) {
	paths := slices.Sorted(maps.Keys(imports))
	for _, e := range errs {
		parts := strings.Split(e.Path, ".")
		key := indexSuffix.ReplaceAllString(parts[len(parts)-1], "")
		if key == "" {
			continue
		}
		re := fieldPattern(key)
		if line := lineOf(re, src); line != 0 {
			if line > 0 {
				e.Line, e.File = line, ""
			}
			continue
		}
		top := fieldPattern(indexSuffix.ReplaceAllString(parts[0], ""))
		if len(paths) == 0 || lineOf(top, src) != 0 {
			continue
		}
		writers, file, line := 0, "", 0
		for _, p := range paths {
			if lineOf(top, imports[p]) == 0 {
				continue
			}
			switch l := lineOf(re, imports[p]); {
			case l > 0:
				writers, file, line = writers+1, p, l
			case l < 0:
				writers += 2
			}
		}
		if writers == 1 {
			e.Line, e.File = line, file
		}
	}
}

// fieldPattern matches a line writing the field key (key:, 'key'+:, key::).
func fieldPattern(key string) *regexp.Regexp {
	return regexp.MustCompile(`(^|[\s{,])['"]?` + regexp.QuoteMeta(key) + `['"]?\s*(\+)?:{1,3}[^:]`)
}

// lineOf is the 1-based line of src that re matches: 0 for none, -1 when
// more than one does.
func lineOf(re *regexp.Regexp, src string) int {
	found := 0
	for i, l := range strings.Split(src, "\n") {
		if re.MatchString(l + " ") {
			if found != 0 {
				return -1
			}
			found = i + 1
		}
	}
	return found
}
