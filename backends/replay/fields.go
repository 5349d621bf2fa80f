package replay

import (
	"encoding/json"
	"fmt"
	"strings"
)

// errMissing marks a field a row does not have.
var errMissing = fmt.Errorf("missing")

// lookup finds a dotted path in a decoded row. A key that itself contains dots
// is matched whole before the path is split.
func lookup(m map[string]any, path string) (any, bool) {
	if v, ok := m[path]; ok {
		return v, true
	}
	head, rest, found := strings.Cut(path, ".")
	if !found {
		return nil, false
	}
	sub, ok := m[head].(map[string]any)
	if !ok {
		return nil, false
	}
	return lookup(sub, rest)
}

// multi reports whether spec lists several comma-separated fields.
func multi(spec string) bool { return strings.Contains(spec, ",") }

// values reads spec from row: each comma-separated field's value, or the one
// field's value itself (which may be a list).
func values(row map[string]any, spec string) (any, error) {
	if !multi(spec) {
		v, ok := lookup(row, spec)
		if !ok {
			return nil, fmt.Errorf("field %q: %w", spec, errMissing)
		}
		return v, nil
	}
	var out []any
	for _, path := range strings.Split(spec, ",") {
		path = strings.TrimSpace(path)
		v, ok := lookup(row, path)
		if !ok {
			return nil, fmt.Errorf("field %q: %w", path, errMissing)
		}
		out = append(out, v)
	}
	return out, nil
}

// scalarString reads an ID or a text: a string, or a number kept as written.
func scalarString(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case json.Number:
		return x.String(), true
	}
	return "", false
}

// number reads a measurement: a number, a boolean (1 or 0), or a one-element
// list of a number (Qwen's pred_score is [[0.93], ...]).
func number(v any) (float64, bool) {
	switch x := v.(type) {
	case json.Number:
		f, err := x.Float64()
		return f, err == nil
	case bool:
		if x {
			return 1, true
		}
		return 0, true
	case []any:
		if len(x) == 1 {
			return number(x[0])
		}
	}
	return 0, false
}
